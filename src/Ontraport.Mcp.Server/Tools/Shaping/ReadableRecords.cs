using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ontraport.Client;
using Ontraport.Client.Metadata;
using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;

namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>
/// Records as words (issue 14): on top of <see cref="RecordShaper"/> (compact values, dates, codes), tags, sequences,
/// automations and lookups read as <c>{"id":1,"name":"Customer"}</c>, custom <c>fNNNN</c> fields appear under their
/// labels, and internal fields only when asked (<see cref="FieldSelection"/>). The names come from one batched read per
/// referenced type, cached per account (<see cref="OntraportClient.GetRecordNamesAsync"/>), never one request per id.
/// </summary>
public sealed partial class ReadableRecords
{
    private readonly RecordShaper _shaper;
    private readonly ObjectMetadata _metadata;
    private readonly FieldSelection _selection;
    private readonly IReadOnlyDictionary<int, IReadOnlyDictionary<long, string>> _names;

    private ReadableRecords(RecordShaper shaper, ObjectMetadata metadata, FieldSelection selection, IReadOnlyDictionary<int, IReadOnlyDictionary<long, string>> names)
    {
        _shaper = shaper;
        _metadata = metadata;
        _selection = selection;
        _names = names;
    }

    /// <summary>Shapes <paramref name="records"/> of one type, reading the names they refer to first.</summary>
    public static async Task<IReadOnlyList<JsonObject>> ShapeAsync(
        OntraportClient client, ObjectType type, ObjectMetadata metadata, IEnumerable<OntraportRecord> records, FieldSelection selection, CancellationToken cancellationToken)
    {
        var list = records.ToList();
        var wanted = new Dictionary<int, HashSet<long>>();
        foreach (var record in list)
        {
            foreach (var (field, value) in record.Fields)
            {
                if (selection.Shows(field) && RecordFields.ReferencedType(field, Field(metadata, field)) is { } referenced)
                {
                    var ids = RecordFields.IsIdList(field) ? IdList.Parse(JsonText.AsString(value)) : JsonText.AsLong(value) is { } one ? [one] : [];
                    if (ids.Count > 0)
                    {
                        (wanted.TryGetValue(referenced, out var set) ? set : wanted[referenced] = []).UnionWith(ids);
                    }
                }
            }
        }

        var names = new Dictionary<int, IReadOnlyDictionary<long, string>>();
        foreach (var (referenced, ids) in wanted)
        {
            names[referenced] = await client.GetRecordNamesAsync(referenced, ids, cancellationToken);
        }

        var readable = new ReadableRecords(RecordShaper.For(type.Id, metadata), metadata, selection, names);
        return [.. list.Select(r => readable.Shape(r.Fields))];
    }

    private JsonObject Shape(JsonObject record)
    {
        var shaped = new JsonObject();
        foreach (var (name, value) in record)
        {
            if (!_selection.Shows(name))
            {
                continue;
            }

            var field = Field(_metadata, name);
            var compact = RecordFields.ReferencedType(name, field) is { } referenced ? Reference(name, value, referenced) : _shaper.ShapeValue(name, value);
            if (compact is not null)
            {
                shaped[Key(name, field, shaped)] = compact;
            }
        }

        return shaped;
    }

    private JsonNode? Reference(string name, JsonNode? value, int referenced)
    {
        var names = _names.GetValueOrDefault(referenced);
        if (RecordFields.IsIdList(name))
        {
            var ids = IdList.Parse(JsonText.AsString(value));
            return ids.Count == 0 ? null : new JsonArray([.. ids.Select(i => (JsonNode)Named.Of(i, names))]);
        }

        return JsonText.AsLong(value) is { } id and > 0 ? Named.Of(id, names) : null;
    }

    /// <summary>
    /// The key a field is shown under: id lists by the plural of the type they list ("tags", "sequences",
    /// "automations"), custom fields by their label, every other field by its name.
    /// </summary>
    private static string Key(string name, FieldMetadata? field, JsonObject shaped)
    {
        var key = RecordFields.IsIdList(name) && RecordFields.ReferencedType(name, field) is { } listed && ObjectTypeCatalog.BuiltIn.Find(listed) is { } type
            ? type.Name.ToLowerInvariant()
            : field is { Alias.Length: > 0 } && CustomField().IsMatch(name) ? field.Alias : name;
        return shaped.ContainsKey(key) ? name : key;
    }

    private static FieldMetadata? Field(ObjectMetadata metadata, string name) =>
        metadata.FindField(name) is { } f && string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase) ? f : null;

    [GeneratedRegex("^f[0-9]+$")]
    private static partial Regex CustomField();
}
