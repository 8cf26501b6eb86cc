using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ontraport.Client.Conditions;
using Ontraport.Client.Metadata;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// Validates and converts the <c>values</c> of a write against the object's metadata before anything is sent (the seed's
/// "deterministic check between the agent's output and any write action"): field names or aliases → field names;
/// emails, numbers, money, dates (ISO or relative, in the account's time zone → Unix seconds), drop-down labels → keys,
/// checkboxes → 1/0. Every problem is reported at once.
/// </summary>
public static partial class FieldValues
{
    private static readonly HashSet<string> ServerManaged = new(StringComparer.OrdinalIgnoreCase) { "id", "date", "dlm", "dla", "account_id" };

    public static JsonObject Read(JsonElement? values, ObjectMetadata metadata, string objectName, bool creating, TimeProvider time, TimeZoneInfo zone)
    {
        if (values is not { ValueKind: JsonValueKind.Object } obj || !obj.EnumerateObject().Any())
        {
            throw new ToolInputException("values must be an object of field name (or alias) → value, e.g. {\"firstname\": \"Sarah\", \"email\": \"sarah@acme.com\"}.");
        }

        var problems = new List<string>();
        var result = new JsonObject();
        foreach (var property in obj.EnumerateObject())
        {
            if (ServerManaged.Contains(property.Name))
            {
                problems.Add($"'{property.Name}' is set by Ontraport and cannot be written{(property.Name == "id" ? "; pass the record's id as the id argument" : "")}.");
                continue;
            }

            var field = metadata.FindField(property.Name);
            if (field is null)
            {
                if (metadata.Fields.Count == 0)
                {
                    result[property.Name] = Plain(property.Value);
                    continue;
                }

                problems.Add(metadata.UnknownFieldMessage(property.Name, objectName));
                continue;
            }

            if (result.ContainsKey(field.Name))
            {
                problems.Add($"'{property.Name}' and another key both name field '{field.Name}'.");
                continue;
            }

            try
            {
                result[field.Name] = Convert(field, property.Value, time, zone);
            }
            catch (ToolInputException ex)
            {
                problems.Add(ex.Message);
            }
        }

        if (creating)
        {
            var missing = metadata.Fields.Where(f => f.Required && !ServerManaged.Contains(f.Name) && !result.ContainsKey(f.Name)).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"{objectName} need {string.Join(", ", missing.Select(ObjectMetadata.Describe))}.");
            }
        }

        return problems.Count == 0 ? result : throw new ToolInputException("values: " + string.Join(" ", problems));
    }

    /// <summary>One value for one field, as the string Ontraport stores.</summary>
    public static JsonNode Convert(FieldMetadata field, JsonElement value, TimeProvider time, TimeZoneInfo zone)
    {
        var label = ObjectMetadata.Describe(field);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return ""; // clears the field
        }

        if (value.ValueKind is JsonValueKind.Object)
        {
            throw new ToolInputException($"{label} takes a single value, not an object.");
        }

        switch (field.Kind)
        {
            case FieldKind.Email:
            {
                var email = Text(value).Trim();
                if (email.Length > 0 && !EmailShape().IsMatch(email))
                {
                    throw new ToolInputException($"{label}: '{email}' is not an email address.");
                }

                return email;
            }

            case FieldKind.Number or FieldKind.Money:
            {
                var text = Text(value).Trim();
                if (text.Length == 0)
                {
                    return "";
                }

                return FieldValueConverter.ReadNumber(field, text, out var number) switch
                {
                    FieldValueProblem.None => FieldValueConverter.Stored(field, number),
                    FieldValueProblem.TooManyDecimals => throw new ToolInputException($"{label}: '{text}' has more than two decimals; money is kept to the cent."),
                    _ => throw new ToolInputException($"{label}: '{Text(value)}' is not a number."),
                };
            }

            case FieldKind.Lookup:
            {
                return long.TryParse(Text(value), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    ? id.ToString(CultureInfo.InvariantCulture)
                    : throw new ToolInputException($"{label} links to another record: give that record's numeric id, not '{Text(value)}'.");
            }

            case FieldKind.Date:
            {
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds))
                {
                    return seconds.ToString(CultureInfo.InvariantCulture);
                }

                var text = Text(value).Trim();
                if (text.Length == 0)
                {
                    return "0";
                }

                return DateExpression.TryParse(text, time.GetUtcNow(), zone) is { } date
                    ? date.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
                    : throw new ToolInputException($"{label}: '{text}' is not a date; use ISO 8601 (2026-04-30 or 2026-04-30T15:00:00Z).");
            }

            case FieldKind.DropDown when field.Options.Count > 0:
                return OptionKey(field, Text(value), label);

            case FieldKind.MultiSelect when field.Options.Count > 0:
            {
                var items = value.ValueKind == JsonValueKind.Array
                    ? value.EnumerateArray().Select(Text).ToList()
                    : [.. Text(value).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                return Client.Objects.IdList.Format(items.Select(i => OptionKey(field, i, label)));
            }

            case FieldKind.Checkbox:
                return Text(value).Trim() is { Length: 0 } ? "0" : FieldValueConverter.Checkbox(Text(value)) switch
                {
                    true => "1",
                    false => "0",
                    null => throw new ToolInputException($"{label} is a checkbox: use true or false, not '{Text(value).Trim().ToLowerInvariant()}'."),
                };

            default:
                if (value.ValueKind == JsonValueKind.Array)
                {
                    throw new ToolInputException($"{label} takes a single value, not a list.");
                }

                return Text(value);
        }
    }

    private static string OptionKey(FieldMetadata field, string typed, string label)
    {
        var text = typed.Trim();
        return FieldValueConverter.OptionKey(field, text) ?? throw new ToolInputException(
            $"{label}: '{text}' is not one of its options ({string.Join(", ", field.Options.Values.Take(25).Select(v => $"'{v}'"))}).");
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    private static JsonNode Plain(JsonElement value) => Text(value);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}
