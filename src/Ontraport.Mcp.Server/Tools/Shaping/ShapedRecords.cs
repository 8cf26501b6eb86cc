using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>
/// A page's records shaped as they are written (issue 22): serialized inside a <see cref="RecordPage"/>, each record
/// goes from its element of the upstream answer straight into the answer's writer (<see cref="RecordItemsConverter"/>),
/// with no <see cref="JsonObject"/> per record. Read as a list (an answer over the size cap measures its items one by
/// one) each record becomes the node <see cref="ReadableRecords"/> builds, the same bytes either way. Valid while the
/// page it was read from is.
/// </summary>
public sealed class ShapedRecords : IReadOnlyList<JsonObject>
{
    private readonly ReadableRecords _readable;
    private readonly IReadOnlyList<JsonElement> _records;
    private JsonObject[]? _nodes;

    internal ShapedRecords(ReadableRecords readable, IReadOnlyList<JsonElement> records)
    {
        _readable = readable;
        _records = records;
    }

    public int Count => _records.Count;

    public JsonObject this[int index] => Nodes()[index];

    public IEnumerator<JsonObject> GetEnumerator() => ((IEnumerable<JsonObject>)Nodes()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private JsonObject[] Nodes() => _nodes ??= [.. _records.Select(_readable.ToNode)];

    internal void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var record in _records)
        {
            _readable.Write(writer, record, options);
        }

        writer.WriteEndArray();
    }
}

/// <summary>
/// Writes <see cref="RecordPage.Items"/>: <see cref="ShapedRecords"/> straight from their elements, any other list as the
/// serializer writes a list of nodes.
/// </summary>
public sealed class RecordItemsConverter : JsonConverter<IReadOnlyList<JsonObject>>
{
    public override IReadOnlyList<JsonObject> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        [.. JsonElement.ParseValue(ref reader).EnumerateArray().Select(e => JsonObject.Create(e) ?? throw new JsonException("An item is not an object."))];

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<JsonObject> value, JsonSerializerOptions options)
    {
        if (value is ShapedRecords shaped)
        {
            shaped.WriteTo(writer, options);
            return;
        }

        writer.WriteStartArray();
        foreach (var item in value)
        {
            if (item is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                item.WriteTo(writer, options);
            }
        }

        writer.WriteEndArray();
    }
}
