using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Store;

/// <summary>Everything one account holds: its schema, a table per object type, and the membership bookkeeping.</summary>
internal sealed class AccountStore
{
    private readonly Dictionary<int, RecordTable> _tables = [];

    public AccountStore(SchemaCatalog catalog, int seed)
    {
        Catalog = catalog;
        Seed = seed;
        foreach (var type in catalog.Types)
        {
            _tables.Add(type.Id, new RecordTable(type));
        }

        Memberships = new Memberships(this);
    }

    public SchemaCatalog Catalog { get; }

    /// <summary>The seed the account was generated from; also feeds generated <c>unique_id</c> values.</summary>
    public int Seed { get; }

    public Memberships Memberships { get; }

    public RecordTable Table(int objectTypeId) => _tables[objectTypeId];

    public RecordTable Table(ObjectTypeSchema type) => _tables[type.Id];

    public Record? Find(int objectTypeId, long id) =>
        _tables.TryGetValue(objectTypeId, out var table) ? table.Find(id) : null;
}
