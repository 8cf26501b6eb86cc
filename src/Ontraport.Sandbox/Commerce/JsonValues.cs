using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ontraport.Sandbox.Http;

namespace Ontraport.Sandbox.Commerce;

/// <summary>Reads the loosely typed values of offer JSON: numbers may arrive as numbers or strings, flags as booleans, 0/1 or text.</summary>
internal static class JsonValues
{
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.True => "1",
        JsonValue value when value.GetValueKind() == JsonValueKind.False => "0",
        JsonValue value when value.GetValueKind() == JsonValueKind.Null => null,
        _ => node.ToJsonString(),
    };

    public static decimal? Decimal(JsonNode? node) =>
        decimal.TryParse(Text(node), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static long? Long(JsonNode? node) =>
        Decimal(node) is { } value && value == decimal.Truncate(value) && value is >= long.MinValue and <= long.MaxValue ? (long)value : null;

    public static bool Flag(JsonNode? node) => Text(node)?.Trim().ToLowerInvariant() is "1" or "true" or "yes";

    /// <summary>A JSON object parameter: a real object in a JSON body, or a JSON string in a form or query; 400 otherwise.</summary>
    public static JsonObject? ObjectParameter(ApiContext context, string name)
    {
        var value = context.Parameters.Get(name);
        if (value is null || value.Text is null)
        {
            return null;
        }

        try
        {
            return (value.Json is { ValueKind: JsonValueKind.Object } element ? JsonNode.Parse(element.GetRawText()) : JsonNode.Parse(value.Text)) as JsonObject
                ?? throw ApiError.BadRequest($"Bad Request: {name} must be a JSON object.");
        }
        catch (JsonException)
        {
            throw ApiError.BadRequest($"Bad Request: {name} must be a JSON object.");
        }
    }

    public static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static decimal Cents(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);
}
