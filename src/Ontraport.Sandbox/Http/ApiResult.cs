using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ontraport.Sandbox.Http;

/// <summary>
/// A successful answer, written as the envelope <c>{"code":0,"data":…,"account_id":N}</c> (ontraport-api.md §1.4):
/// lists add <c>"misc":[]</c>, some actions omit <c>data</c>.
/// </summary>
internal sealed class ApiResult
{
    /// <summary>JSON bodies are read by API clients, not embedded in HTML: keep <c>+</c>, <c>&amp;</c>, quotes and non-ASCII readable.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonNode? _data;
    private readonly bool _hasData;
    private readonly JsonNode? _misc;

    private ApiResult(JsonNode? data, bool hasData, JsonNode? misc)
    {
        _data = data;
        _hasData = hasData;
        _misc = misc;
    }

    public static ApiResult Data(JsonNode? data) => new(data, true, null);

    public static ApiResult Text(string data) => new(JsonValue.Create(data), true, null);

    /// <summary>A collection answer; <paramref name="misc"/> defaults to the empty <c>[]</c> the API sends.</summary>
    public static ApiResult List(JsonArray items, JsonNode? misc = null) => new(items, true, misc ?? new JsonArray());

    /// <summary>An answer without <c>data</c>: <c>{"code":0,"account_id":N}</c>.</summary>
    public static ApiResult NoData() => new(null, false, null);

    public byte[] ToEnvelope(long accountId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("code", 0);
            if (_hasData)
            {
                writer.WritePropertyName("data");
                if (_data is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    _data.WriteTo(writer);
                }
            }

            writer.WriteNumber("account_id", accountId);
            if (_misc is not null)
            {
                writer.WritePropertyName("misc");
                _misc.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
