using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ontraport.Client;

/// <summary>
/// Reads Ontraport's loosely typed JSON: values are usually strings ("8", "1.00", "false"), sometimes numbers or
/// booleans, null when unset (API reference §1.4, §6).
/// </summary>
public static class JsonText
{
    /// <summary>
    /// Compact JSON without HTML-escaping (<c>"op":">="</c>, not <c>">="</c>): what Ontraport's own clients send, and
    /// readable in a dry-run. Never used for HTML.
    /// </summary>
    public static JsonSerializerOptions Relaxed { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string? AsString(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.True => "1",
        JsonValue value when value.GetValueKind() is JsonValueKind.False => "0",
        JsonValue value when value.GetValueKind() is JsonValueKind.Null => null,
        JsonValue value => value.ToJsonString(),
        _ => node.ToJsonString(),
    };

    /// <summary>"1", 1, true, "true" → true; everything else false.</summary>
    public static bool AsFlag(JsonNode? node) => AsString(node) is "1" or "true" or "True";

    public static long? AsLong(JsonNode? node) =>
        long.TryParse(AsString(node), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static decimal? AsDecimal(JsonNode? node) =>
        decimal.TryParse(AsString(node), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>
    /// <see cref="AsString(JsonNode?)"/> for a value read straight from a <see cref="JsonDocument"/> (the page path that
    /// builds no nodes, issue 22): the same text for the same JSON.
    /// </summary>
    public static string? AsString(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Number => element.GetRawText(),
        _ => JsonSerializer.Serialize(element), // what ToJsonString() writes for an object or array node (default encoder)
    };

    public static long? AsLong(JsonElement element) =>
        long.TryParse(AsString(element), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
