using System.Globalization;

namespace Ontraport.Sandbox.Store;

/// <summary>One stored record: every value a string or null (ontraport-api.md §1.4), keyed in schema order.</summary>
internal sealed class Record
{
    private readonly OrderedDictionary<string, string?> _values = new(StringComparer.Ordinal);

    public Record(long id, IEnumerable<string> columns)
    {
        Id = id;
        foreach (var column in columns)
        {
            _values[column] = null;
        }

        _values["id"] = id.ToString(CultureInfo.InvariantCulture);
    }

    public long Id { get; }

    /// <summary>A column's value; null when unset or not a column. Setting a column the record lacks is a bug, so it throws.</summary>
    public string? this[string column]
    {
        get => _values.TryGetValue(column, out var value) ? value : null;
        set
        {
            if (!_values.ContainsKey(column))
            {
                throw new InvalidOperationException($"Record {Id} has no column {column}.");
            }

            _values[column] = value;
        }
    }

    public IEnumerable<KeyValuePair<string, string?>> Values => _values;

    public Dictionary<string, string?> ToDictionary() => new(_values, StringComparer.Ordinal);

    public long? Long(string column) =>
        long.TryParse(this[column], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public decimal? Decimal(string column) =>
        decimal.TryParse(this[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
