using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Client.Inferred;

namespace Ontraport.Client.Objects;

/// <summary>
/// One Ontraport record as the API returns it: a bag of (mostly string) fields, custom <c>fNNNN</c> fields included.
/// Typed readers for the common cases; <see cref="Fields"/> is the escape hatch for everything else.
/// </summary>
public sealed class OntraportRecord
{
    /// <param name="fields">The record as Ontraport sent it.</param>
    /// <param name="objectTypeId">Its type, when known: some types key their rows by another column (see <see cref="RecordIds"/>).</param>
    public OntraportRecord(JsonObject fields, int? objectTypeId = null)
    {
        Fields = fields;
        ObjectTypeId = objectTypeId;
    }

    public JsonObject Fields { get; }

    public int? ObjectTypeId { get; }

    /// <summary>The record's id: <c>id</c>, else its type's own id column (Tags' <c>tag_id</c>…); 0 when it has none.</summary>
    public long Id => RecordIds.Of(Fields, ObjectTypeId);

    public string? this[string field] => JsonText.AsString(Fields[field]);

    public long? GetLong(string field) => JsonText.AsLong(Fields[field]);

    public decimal? GetDecimal(string field) => JsonText.AsDecimal(Fields[field]);

    /// <summary>A Unix-seconds field as a time; null when unset ("0", empty or missing).</summary>
    public DateTimeOffset? GetTime(string field) =>
        GetLong(field) is { } seconds && seconds > 0 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    public override string ToString() => $"record {Id.ToString(CultureInfo.InvariantCulture)}";

    internal static IReadOnlyList<OntraportRecord> ListFrom(JsonNode? data, int? objectTypeId = null) => data switch
    {
        JsonArray array => [.. array.OfType<JsonObject>().Select(o => new OntraportRecord(o, objectTypeId))],
        // PHP serializes an id-keyed map as an object; accept both shapes.
        JsonObject map => [.. map.Select(p => p.Value).OfType<JsonObject>().Select(o => new OntraportRecord(o, objectTypeId))],
        _ => [],
    };
}

/// <summary><c>GET objects/getInfo</c>: how many records match, and the sums Ontraport computes for the list view.</summary>
public sealed record CollectionInfo(long Count, IReadOnlyDictionary<string, decimal> Sums, IReadOnlyList<string> ListFields);

/// <summary><c>PUT objects</c> and a merging save-or-update answer <c>{"attrs":{…}}</c>: only the fields that changed.</summary>
public sealed record ChangedFields(long Id, JsonObject Attributes);

/// <summary>A save-or-update either created a record (the whole record comes back) or merged into one (only changes).</summary>
public sealed record SaveOrUpdateResult(bool Created, long Id, JsonObject Fields);
