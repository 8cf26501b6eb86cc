using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ontraport.Client.Inferred;
using Ontraport.Client;
using Ontraport.Client.Metadata;
using Ontraport.Client.Objects;

namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>
/// Makes a raw Ontraport record compact for an agent (DESIGN §4 "Outputs"): drops null and empty fields and unset dates
/// ("0"), shows dates as ISO 8601 UTC, decodes codes to words (drop-down options from the metadata, else
/// <see cref="KnownCodes"/>), turns numeric fields into JSON numbers, keeps <c>id</c>, and can select <c>fields</c>.
/// </summary>
public sealed class RecordShaper
{
    private static readonly ConditionalWeakTable<ObjectMetadata, ConcurrentDictionary<int, RecordShaper>> Shared = new();

    private readonly int _objectTypeId;
    private readonly ObjectMetadata? _metadata;
    private readonly ConcurrentDictionary<string, FieldPlan> _plans = new(StringComparer.Ordinal);

    public RecordShaper(int objectTypeId, ObjectMetadata? metadata)
    {
        _objectTypeId = objectTypeId;
        _metadata = metadata;
    }

    /// <summary>
    /// A shaper shared by every call that sees the same metadata (cached per account for its TTL), so how each field is
    /// shown is worked out once, not once per value.
    /// </summary>
    public static RecordShaper For(int objectTypeId, ObjectMetadata metadata) =>
        Shared.GetOrCreateValue(metadata).GetOrAdd(objectTypeId, id => new RecordShaper(id, metadata));

    /// <summary>How one field's values are shown: its kind, drop-down options, and known code words.</summary>
    private sealed record FieldPlan(FieldKind Kind, IReadOnlyDictionary<string, string>? Options, IReadOnlyDictionary<string, string>? Codes);

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

        var plan = _plans.GetOrAdd(name, Plan);
        switch (plan.Kind)
        {
            case FieldKind.Date:
                return Date(text);
            case FieldKind.DropDown when plan.Options is { } options:
                return options.TryGetValue(text, out var label) ? label : text;
            case FieldKind.MultiSelect when plan.Options is { } options:
            {
                var keys = IdList.Items(text);
                return keys.Count == 0 ? null : new JsonArray([.. keys.Select(k => (JsonNode)(options.TryGetValue(k, out var l) ? l : k))]);
            }
        }

        if (plan.Codes is { } codes)
        {
            return codes.TryGetValue(text, out var word) ? word : text;
        }

        if (plan.Kind is FieldKind.Number or FieldKind.Money or FieldKind.Lookup && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return plan.Kind == FieldKind.Lookup && number == 0 ? null : JsonValue.Create(number);
        }

        if (IdList.IsList(text))
        {
            // Ontraport's id lists (contact_cat, updateSequence…): "*/*3*/*7*/*" → [3, 7].
            var ids = IdList.Items(text);
            return ids.Count == 0 ? null : new JsonArray([.. ids.Select(i => long.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? (JsonNode)n : i)]);
        }

        return value.GetValueKind() == JsonValueKind.String ? text : value.DeepClone();
    }

    /// <summary>
    /// <see cref="ShapeValue"/> written straight from an element of the parsed page (issue 22): writes
    /// <paramref name="key"/> and the same compact value, or nothing (returns false) where <see cref="ShapeValue"/>
    /// answers null. The bytes are those the node would write.
    /// </summary>
    internal bool WriteValue(Utf8JsonWriter writer, string key, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return false;
            case JsonValueKind.Object:
                if (!value.EnumerateObject().MoveNext())
                {
                    return false;
                }

                writer.WritePropertyName(key);
                value.WriteTo(writer);
                return true;
            case JsonValueKind.Array:
                if (value.GetArrayLength() == 0)
                {
                    return false;
                }

                writer.WritePropertyName(key);
                value.WriteTo(writer);
                return true;
        }

        var plan = _plans.TryGetValue(name, out var known) ? known : _plans.GetOrAdd(name, Plan);
        if (value.ValueKind == JsonValueKind.String && plan is { Codes: null, Options: null, Kind: not (FieldKind.Date or FieldKind.Number or FieldKind.Money or FieldKind.Lookup) }
            && JsonMarshal.GetRawUtf8Value(value) is var raw && !raw.Contains((byte)'\\'))
        {
            // Plain text shown as it is (most fields): copied from the page's UTF-8 without a string. Unescaped, so the raw
            // bytes between the quotes are the text; an id list ("*/*…") goes the string way below.
            var utf8 = raw[1..^1];
            if (utf8.IsEmpty)
            {
                return false;
            }

            if (!utf8.StartsWith("*/*"u8))
            {
                writer.WriteString(key, utf8);
                return true;
            }
        }

        var text = JsonText.AsString(value);
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        switch (plan.Kind)
        {
            case FieldKind.Date:
                if (Date(text) is not { } date)
                {
                    return false;
                }

                writer.WriteString(key, date);
                return true;
            case FieldKind.DropDown when plan.Options is { } options:
                writer.WriteString(key, options.TryGetValue(text, out var label) ? label : text);
                return true;
            case FieldKind.MultiSelect when plan.Options is { } options:
            {
                var keys = IdList.Items(text);
                if (keys.Count == 0)
                {
                    return false;
                }

                writer.WriteStartArray(key);
                foreach (var k in keys)
                {
                    writer.WriteStringValue(options.TryGetValue(k, out var l) ? l : k);
                }

                writer.WriteEndArray();
                return true;
            }
        }

        if (plan.Codes is { } codes)
        {
            writer.WriteString(key, codes.TryGetValue(text, out var word) ? word : text);
            return true;
        }

        if (plan.Kind is FieldKind.Number or FieldKind.Money or FieldKind.Lookup && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            if (plan.Kind == FieldKind.Lookup && number == 0)
            {
                return false;
            }

            writer.WriteNumber(key, number);
            return true;
        }

        if (IdList.IsList(text))
        {
            var ids = IdList.Items(text);
            if (ids.Count == 0)
            {
                return false;
            }

            writer.WriteStartArray(key);
            foreach (var i in ids)
            {
                if (long.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                {
                    writer.WriteNumberValue(n);
                }
                else
                {
                    writer.WriteStringValue(i);
                }
            }

            writer.WriteEndArray();
            return true;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            writer.WriteString(key, text);
        }
        else
        {
            writer.WritePropertyName(key);
            value.WriteTo(writer);
        }

        return true;
    }

    private FieldPlan Plan(string name)
    {
        var field = _metadata?.FindField(name) is { } f && string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase) ? f : null;
        var kind = field?.Kind ?? (KnownCodes.IsDateField(name) ? FieldKind.Date : name == "id" ? FieldKind.Number : FieldKind.Other);
        var options = field is { Options.Count: > 0 } && kind is FieldKind.DropDown or FieldKind.MultiSelect ? field.Options : null;
        return new FieldPlan(kind, options, options is null ? KnownCodes.For(_objectTypeId, name) : null);
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
}
