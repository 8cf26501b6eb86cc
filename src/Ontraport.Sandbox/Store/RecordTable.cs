using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Store;

/// <summary>The records of one object type in one account, ordered by id.</summary>
internal sealed class RecordTable
{
    private readonly SortedDictionary<long, Record> _rows = [];

    public RecordTable(ObjectTypeSchema schema)
    {
        Schema = schema;
    }

    public ObjectTypeSchema Schema { get; }

    public long NextId { get; private set; } = 1;

    public int Count => _rows.Count;

    public IEnumerable<Record> Rows => _rows.Values;

    public Record? Find(long id) => _rows.GetValueOrDefault(id);

    /// <summary>Adds an empty record with the next id, or with <paramref name="id"/> when the seed picks it.</summary>
    public Record Create(long? id = null)
    {
        var newId = id ?? NextId;
        if (_rows.ContainsKey(newId))
        {
            throw new InvalidOperationException($"Record {newId} of object type {Schema.Id} already exists.");
        }

        var record = new Record(newId, Schema.Columns);
        _rows.Add(newId, record);
        NextId = Math.Max(NextId, newId + 1);
        return record;
    }

    public bool Remove(long id) => _rows.Remove(id);
}
