using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ontraport.Client;
using Ontraport.Client.Metadata;

namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>
/// Makes a raw Ontraport record compact for an agent (DESIGN §4 "Outputs"): drops null and empty fields and unset dates
/// ("0"), shows dates as ISO 8601 UTC, decodes codes to words (drop-down options from the metadata, else
/// <see cref="KnownCodes"/>), turns numeric fields into JSON numbers, keeps <c>id</c>, and can select <c>fields</c>.
/// </summary>
public sealed class RecordShaper
{
    private readonly int _objectTypeId;
    private readonly ObjectMetadata? _metadata;

    public RecordShaper(int objectTypeId, ObjectMetadata? metadata)
    {
        _objectTypeId = objectTypeId;
        _metadata = metadata;
    }

    public JsonObject Shape(JsonObject record, IReadOnlyCollection<string>? fields = null)
    {
        var shaped = new JsonObject();
        foreach (var (name, value) in record)
        {
            if (fields is { Count: > 0 } && name != "id" && !fields.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (ShapeValue(name, value) is { } compact)
            {
                shaped[name] = compact;
            }
        }

        return shaped;
    }

    /// <summary>One field's compact value, or null when it carries nothing.</summary>
    public JsonNode? ShapeValue(string name, JsonNode? value)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonObject obj:
                return obj.Count == 0 ? null : obj.DeepClone();
            case JsonArray array:
                return array.Count == 0 ? null : array.DeepClone();
        }

        var text = JsonText.AsString(value);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var field = _metadata?.FindField(name) is { } f && string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase) ? f : null;
        var kind = field?.Kind ?? (KnownCodes.IsDateField(name) ? FieldKind.Date : name == "id" ? FieldKind.Number : FieldKind.Other);

        if (kind == FieldKind.Date)
        {
            return Date(text);
        }

        if (field is { Options.Count: > 0 } && kind is FieldKind.DropDown)
        {
            return field.Options.TryGetValue(text, out var label) ? label : text;
        }

        if (field is { Options.Count: > 0 } && kind is FieldKind.MultiSelect)
        {
            var keys = SplitList(text);
            return keys.Count == 0 ? null : new JsonArray([.. keys.Select(k => (JsonNode)(field.Options.TryGetValue(k, out var l) ? l : k))]);
        }

        if (KnownCodes.For(_objectTypeId, name) is { } codes)
        {
            return codes.TryGetValue(text, out var word) ? word : text;
        }

        if (kind is FieldKind.Number or FieldKind.Money or FieldKind.Lookup && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return kind == FieldKind.Lookup && number == 0 ? null : JsonValue.Create(number);
        }

        if (text.StartsWith("*/*", StringComparison.Ordinal))
        {
            // Ontraport's id lists (contact_cat, updateSequence…): "*/*3*/*7*/*" → [3, 7].
            var ids = SplitList(text);
            return ids.Count == 0 ? null : new JsonArray([.. ids.Select(i => long.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? (JsonNode)n : i)]);
        }

        return value.GetValueKind() == JsonValueKind.String ? text : value.DeepClone();
    }

    /// <summary>
    /// Unix seconds (or milliseconds, for <c>trans_date</c>) as ISO 8601 UTC. Only "0" means unset: negative values are
    /// real dates before 1970 (birthdays).
    /// </summary>
    public static string? Date(string unixSeconds) =>
        long.TryParse(unixSeconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? seconds == 0 ? null : IsoDate(DateTimeOffset.FromUnixTimeSeconds(Math.Abs(seconds) > 100_000_000_000 ? seconds / 1000 : seconds))
            : unixSeconds;

    public static string IsoDate(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static List<string> SplitList(string text) =>
        [.. text.Split("*/*", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
