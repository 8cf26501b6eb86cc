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

        return Decide(_plans.GetOrAdd(name, Plan), text, out var shown, out var number, out var items) switch
        {
            ShownAs.Text => shown,
            ShownAs.Number => JsonValue.Create(number),
            ShownAs.Labels => new JsonArray([.. items!.Select(l => (JsonNode)l)]),
            ShownAs.Ids => new JsonArray([.. items!.Select(Id)]),
            ShownAs.AsIs => value.GetValueKind() == JsonValueKind.String ? text : value.DeepClone(),
            _ => null,
        };
    }

    /// <summary>What a field's text is shown as: decided once by <see cref="Decide"/>, written by either path.</summary>
    private enum ShownAs
    {
        Nothing,
        Text,
        Number,
        Labels,
        Ids,
        AsIs,
    }

    /// <summary>
    /// How one non-empty text value is shown (the rules of both <see cref="ShapeValue"/> and <see cref="WriteValue"/>):
    /// a date, a drop-down's label, a multi-select's labels, a code's word, a number, an id list, or the text as it is.
    /// </summary>
    private static ShownAs Decide(FieldPlan plan, string text, out string? shown, out decimal number, out IReadOnlyList<string>? items)
    {
        shown = null;
        number = 0;
        items = null;
        switch (plan.Kind)
        {
            case FieldKind.Date:
                shown = Date(text);
                return shown is null ? ShownAs.Nothing : ShownAs.Text;
            case FieldKind.DropDown when plan.Options is { } options:
                shown = options.TryGetValue(text, out var label) ? label : text;
                return ShownAs.Text;
            case FieldKind.MultiSelect when plan.Options is { } options:
                items = [.. IdList.Items(text).Select(k => options.TryGetValue(k, out var l) ? l : k)];
                return items.Count == 0 ? ShownAs.Nothing : ShownAs.Labels;
        }

        if (plan.Codes is { } codes)
        {
            shown = codes.TryGetValue(text, out var word) ? word : text;
            return ShownAs.Text;
        }

        if (plan.Kind is FieldKind.Number or FieldKind.Money or FieldKind.Lookup && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out number))
        {
            return plan.Kind == FieldKind.Lookup && number == 0 ? ShownAs.Nothing : ShownAs.Number;
        }

        if (IdList.IsList(text))
        {
            // Ontraport's id lists (contact_cat, updateSequence…): "*/*3*/*7*/*" → [3, 7].
            items = IdList.Items(text);
            return items.Count == 0 ? ShownAs.Nothing : ShownAs.Ids;
        }

        shown = text;
        return ShownAs.AsIs;
    }

    /// <summary>An id of an id list: a number where it is one.</summary>
    private static JsonNode Id(string id) => long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : id;

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

        var shownAs = Decide(plan, text, out var shown, out var number, out var items);
        switch (shownAs)
        {
            case ShownAs.Nothing:
                return false;
            case ShownAs.Text:
                writer.WriteString(key, shown);
                return true;
            case ShownAs.Number:
                writer.WriteNumber(key, number);
                return true;
            case ShownAs.Labels or ShownAs.Ids:
                writer.WriteStartArray(key);
                foreach (var item in items!)
                {
                    if (shownAs == ShownAs.Ids && long.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                    {
                        writer.WriteNumberValue(n);
                    }
                    else
                    {
                        writer.WriteStringValue(item);
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
