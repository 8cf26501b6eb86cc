using System.Text.Json;
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

    /// <summary>
    /// <see cref="ShapeAsync(OntraportClient, ObjectType, ObjectMetadata, IEnumerable{OntraportRecord}, FieldSelection, CancellationToken)"/>
    /// over the elements of a parsed page (issue 22): the same names read first, and records that are written straight
    /// into the answer's writer when it is serialized (<see cref="ShapedRecords"/>), with no <see cref="JsonObject"/> per
    /// record. The elements must stay valid until the answer is written.
    /// </summary>
    public static async Task<ShapedRecords> ShapeAsync(
        OntraportClient client, ObjectType type, ObjectMetadata metadata, IReadOnlyList<JsonElement> records, FieldSelection selection, CancellationToken cancellationToken)
    {
        var readable = new ReadableRecords(RecordShaper.For(type.Id, metadata), metadata, selection, new Dictionary<int, IReadOnlyDictionary<long, string>>());
        var wanted = new Dictionary<int, HashSet<long>>();
        foreach (var record in records)
        {
            var index = 0;
            foreach (var property in record.EnumerateObject())
            {
                var column = readable.ColumnAt(index++, property);
                if (column is { Shows: true, Referenced: { } referenced })
                {
                    var ids = column.IsIdList ? IdList.Parse(JsonText.AsString(property.Value)) : JsonText.AsLong(property.Value) is { } one ? [one] : [];
                    if (ids.Count > 0)
                    {
                        (wanted.TryGetValue(referenced, out var set) ? set : wanted[referenced] = []).UnionWith(ids);
                    }
                }
            }
        }

        var names = (Dictionary<int, IReadOnlyDictionary<long, string>>)readable._names;
        foreach (var (referenced, ids) in wanted)
        {
            names[referenced] = await client.GetRecordNamesAsync(referenced, ids, cancellationToken);
        }

        return new ShapedRecords(readable, records);
    }

    /// <summary>How one field of a page is shown, worked out once per call (not once per record).</summary>
    private sealed record Column(string Name, bool Shows, bool IsIdList, int? Referenced, string Key);

    // The columns by position: a page's records list their fields in one order, so a field's column is found by comparing
    // its name in place (no string per field and record); a record that differs falls back to its own names.
    private readonly List<Column> _byPosition = [];
    private readonly Dictionary<string, Column> _byName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    private Column ColumnAt(int index, JsonProperty property)
    {
        if (index < _byPosition.Count && property.NameEquals(_byPosition[index].Name))
        {
            return _byPosition[index];
        }

        var name = property.Name;
        if (!_byName.TryGetValue(name, out var column))
        {
            var field = Field(_metadata, name);
            var referenced = RecordFields.ReferencedType(name, field);
            _byName[name] = column = new Column(name, _selection.Shows(name), RecordFields.IsIdList(name), referenced, PreferredKey(name, field));
        }

        if (index < _byPosition.Count)
        {
            _byPosition[index] = column;
        }
        else if (index == _byPosition.Count)
        {
            _byPosition.Add(column);
        }

        return column;
    }

    /// <summary>
    /// Writes one record as <see cref="Shape(JsonObject)"/> shapes it. Where two shown fields would want the same key (a
    /// custom field labelled like another field), the record goes through <see cref="Shape(JsonObject)"/> itself, whose
    /// renaming and replacing a writer that writes once cannot follow.
    /// </summary>
    internal void Write(Utf8JsonWriter writer, JsonElement record, JsonSerializerOptions options)
    {
        _keys.Clear();
        var index = 0;
        foreach (var property in record.EnumerateObject())
        {
            var column = ColumnAt(index++, property);
            if (column.Shows && !_keys.Add(column.Key))
            {
                Shape(JsonObject.Create(record)!).WriteTo(writer, options);
                return;
            }
        }

        writer.WriteStartObject();
        index = 0;
        foreach (var property in record.EnumerateObject())
        {
            var column = ColumnAt(index++, property);
            if (!column.Shows)
            {
                continue;
            }

            if (column.Referenced is { } referenced)
            {
                WriteReference(writer, column, property.Value, referenced);
            }
            else
            {
                _shaper.WriteValue(writer, column.Key, column.Name, property.Value);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>One record as a node (<see cref="Shape(JsonObject)"/>), for an answer over the size cap that measures its items.</summary>
    internal JsonObject ToNode(JsonElement record) => Shape(JsonObject.Create(record)!);

    private void WriteReference(Utf8JsonWriter writer, Column column, JsonElement value, int referenced)
    {
        var names = _names.GetValueOrDefault(referenced);
        if (column.IsIdList)
        {
            var ids = IdList.Parse(JsonText.AsString(value));
            if (ids.Count == 0)
            {
                return;
            }

            writer.WriteStartArray(column.Key);
            foreach (var id in ids)
            {
                WriteNamed(writer, id, names);
            }

            writer.WriteEndArray();
        }
        else if (JsonText.AsLong(value) is { } id and > 0)
        {
            writer.WritePropertyName(column.Key);
            WriteNamed(writer, id, names);
        }
    }

    /// <summary><see cref="Named.Of(long, IReadOnlyDictionary{long, string}?)"/> as written.</summary>
    private static void WriteNamed(Utf8JsonWriter writer, long id, IReadOnlyDictionary<long, string>? names)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", id);
        if (names?.GetValueOrDefault(id) is { Length: > 0 } name)
        {
            writer.WriteString("name", name);
        }

        writer.WriteEndObject();
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
        var key = PreferredKey(name, field);
        return shaped.ContainsKey(key) ? name : key;
    }

    private static string PreferredKey(string name, FieldMetadata? field) =>
        RecordFields.IsIdList(name) && RecordFields.ReferencedType(name, field) is { } listed && ObjectTypeCatalog.BuiltIn.Find(listed) is { } type
            ? type.Name.ToLowerInvariant()
            : field is { Alias.Length: > 0 } && CustomField().IsMatch(name) ? field.Alias : name;

    private static FieldMetadata? Field(ObjectMetadata metadata, string name) =>
        metadata.FindField(name) is { } f && string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase) ? f : null;

    [GeneratedRegex("^f[0-9]+$")]
    private static partial Regex CustomField();
}
