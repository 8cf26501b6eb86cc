using System.Globalization;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Seed;

/// <summary>What every seed step shares: the store, the clock reading the data is relative to, and the generator.</summary>
internal sealed class SeedContext
{
    public SeedContext(AccountStore store, DateTimeOffset now, int seed)
    {
        Store = store;
        Now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        Random = new SeedRandom(seed);
    }

    public AccountStore Store { get; }

    /// <summary>The account's creation time, whole seconds, UTC.</summary>
    public DateTimeOffset Now { get; }

    public SeedRandom Random { get; }

    public Memberships Memberships => Store.Memberships;

    public ObjectTypeSchema Type(int id) => Store.Catalog.Get(id);

    /// <summary>
    /// Adds a record with the given values; every other server field gets its default with <paramref name="date"/>
    /// as the time. Unknown columns throw, so a typo in the seed fails every test at once.
    /// </summary>
    public Record Insert(int typeId, long? id, string date, params (string Column, string? Value)[] values)
    {
        var type = Type(typeId);
        var record = Store.Table(type).Create(id);
        if (type.HasField("date"))
        {
            record["date"] = date;
        }

        foreach (var (column, value) in values)
        {
            if (!type.HasField(column) || Memberships.IsMembershipColumn(column))
            {
                throw new InvalidOperationException($"Seed sets unknown or membership column {column} on object type {typeId}.");
            }

            record[column] = value;
        }

        RecordDefaults.Apply(type, record, date, Store.Seed);
        return record;
    }

    public string DaysAgo(double days) => Unix(Now.AddDays(-days));

    public string DaysAhead(double days) => Unix(Now.AddDays(days));

    public static string Unix(DateTimeOffset time) => RecordDefaults.Unix(time);

    public DateTimeOffset FromUnix(string unix) => DateTimeOffset.FromUnixTimeSeconds(long.Parse(unix, CultureInfo.InvariantCulture));

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
