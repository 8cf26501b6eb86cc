using System.Text.Json;
using System.Text.Json.Nodes;
using Ontraport.Mcp.Server.Text;

namespace Ontraport.Mcp.Server.Hosting.ToolCalls;

/// <summary>
/// Checks a call's arguments against the tool's input schema before anything runs, so a wrong type, a missing or
/// misspelled argument, or an oversized value gets a message naming the argument (the SDK's binder would only say
/// "could not be converted … Path: $"). Also enforces the size limits: strings ≤ 10,000 characters, arrays ≤ 500 items,
/// and what the schema declares (<see cref="Tools.Parameters.ToolSchema"/>): an <c>enum</c>'s words and a <c>minimum</c>/<c>maximum</c>.
/// </summary>
public static class ToolArguments
{
    public const int MaxStringLength = 10_000;
    public const int MaxArrayLength = 500;

    /// <summary>
    /// Accepts scalars an agent obviously meant: a number where a string is expected (<c>object_type: 0</c>), a numeric
    /// string where a whole number is expected (<c>id: "5"</c>), "true"/"false" for booleans. Rewrites them in place so the
    /// binder sees the declared type; anything else is left for <see cref="Check"/> to report. An optional argument sent as
    /// null is dropped (the schema does not list null: an optional parameter is simply not required), and a word of an
    /// <c>enum</c> in another case (<c>"DESC"</c>) becomes the declared word.
    /// </summary>
    public static void Coerce(JsonElement schema, IDictionary<string, JsonElement>? arguments)
    {
        if (arguments is null || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var required = Required(schema);
        foreach (var (name, value) in arguments.ToList())
        {
            if (!properties.TryGetProperty(name, out var property))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.Null && !required.Contains(name))
            {
                arguments.Remove(name);
                continue;
            }

            if (value.ValueKind == JsonValueKind.String && Choices(property) is { Count: > 0 } choices &&
                choices.FirstOrDefault(c => string.Equals(c, value.GetString()!.Trim(), StringComparison.OrdinalIgnoreCase)) is { } choice)
            {
                arguments[name] = JsonSerializer.SerializeToElement(choice);
                continue;
            }

            var types = AllowedTypes(property);
            if (types.Any(t => Matches(t, value)))
            {
                continue;
            }

            JsonElement? coerced = value.ValueKind switch
            {
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when types.Contains("string") => JsonSerializer.SerializeToElement(value.GetRawText()),
                JsonValueKind.String when types.Contains("number") && !types.Contains("integer") && decimal.TryParse(value.GetString(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var amount) => JsonSerializer.SerializeToElement(amount),
                JsonValueKind.String when types.Contains("integer") && long.TryParse(value.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number) => JsonSerializer.SerializeToElement(number),
                JsonValueKind.String when types.Contains("boolean") && bool.TryParse(value.GetString(), out var flag) => JsonSerializer.SerializeToElement(flag),
                _ => null,
            };
            if (coerced is { } replacement)
            {
                arguments[name] = replacement;
            }
        }
    }

    public static IReadOnlyList<string> Check(JsonElement schema, IDictionary<string, JsonElement>? arguments)
    {
        var problems = new List<string>();
        arguments ??= new Dictionary<string, JsonElement>();
        var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var known = properties.ValueKind == JsonValueKind.Object ? properties.EnumerateObject().Select(x => x.Name).ToList() : [];

        foreach (var (name, value) in arguments)
        {
            if (!known.Contains(name))
            {
                var near = known.OrderBy(k => Client.EditDistance.Between(k, name)).FirstOrDefault();
                problems.Add($"Unknown argument '{name}'." + (near is not null && Client.EditDistance.Between(near, name) <= 3 ? $" Did you mean '{near}'?" : "") +
                    $" Arguments of this tool: {string.Join(", ", known)}.");
                continue;
            }

            CheckValue(name, properties.GetProperty(name), value, problems, depth: 0);
        }

        foreach (var name in Required(schema))
        {
            if (!arguments.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                problems.Add($"Missing required argument '{name}'{Describe(properties, name)}.");
            }
        }

        return problems;
    }

    private static void CheckValue(string path, JsonElement propertySchema, JsonElement value, List<string> problems, int depth)
    {
        if (depth > 16)
        {
            problems.Add($"Argument '{path}' nests deeper than 16 levels.");
            return;
        }

        var types = AllowedTypes(propertySchema);
        if (types.Count > 0 && !types.Any(t => Matches(t, value)))
        {
            problems.Add($"Argument '{path}' must be {Expected(types, propertySchema)}, not {Actual(value)}.");
            return;
        }

        if (Choices(propertySchema) is { Count: > 0 } choices && value.ValueKind == JsonValueKind.String && !choices.Contains(value.GetString()!, StringComparer.Ordinal))
        {
            problems.Add($"{path} must be {Words(choices)}, not {Preview(value.GetString()!)}.");
            return;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) && OutOfRange(propertySchema, number) is { } range)
        {
            problems.Add($"{path} must be {range}, not {value.GetRawText()}.");
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String when value.GetString()!.Length > MaxStringLength:
                problems.Add($"Argument '{path}' is {value.GetString()!.Length:N0} characters long; the limit is {MaxStringLength:N0}.");
                break;
            case JsonValueKind.Array:
                if (value.GetArrayLength() > MaxArrayLength)
                {
                    problems.Add($"Argument '{path}' has {value.GetArrayLength():N0} items; the limit is {MaxArrayLength}. Split the work into smaller calls.");
                    break;
                }

                if (propertySchema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object)
                {
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        CheckValue($"{path}[{index++}]", items, item, problems, depth + 1);
                        if (problems.Count > 10)
                        {
                            return;
                        }
                    }
                }

                break;
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    CheckDepthAndSize($"{path}.{member.Name}", member.Value, problems, depth + 1);
                }

                break;
        }
    }

    /// <summary>Free-form objects (values, form_data, criteria JSON) get the generic limits only.</summary>
    private static void CheckDepthAndSize(string path, JsonElement value, List<string> problems, int depth)
    {
        if (depth > 16)
        {
            problems.Add($"Argument '{path}' nests deeper than 16 levels.");
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String when value.GetString()!.Length > MaxStringLength:
                problems.Add($"Argument '{path}' is longer than {MaxStringLength:N0} characters.");
                break;
            case JsonValueKind.Array when value.GetArrayLength() > MaxArrayLength:
                problems.Add($"Argument '{path}' has more than {MaxArrayLength} items.");
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    CheckDepthAndSize(path + "[]", item, problems, depth + 1);
                }

                break;
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    CheckDepthAndSize($"{path}.{member.Name}", member.Value, problems, depth + 1);
                }

                break;
        }
    }

    private static HashSet<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            ? [.. required.EnumerateArray().Select(r => r.GetString()).OfType<string>()]
            : [];

    private static List<string> Choices(JsonElement schema) =>
        schema.TryGetProperty("enum", out var choices) && choices.ValueKind == JsonValueKind.Array
            ? [.. choices.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!)]
            : [];

    private static string Words(List<string> choices) =>
        choices.Count == 1 ? choices[0] : string.Join(", ", choices.Take(choices.Count - 1)) + " or " + choices[^1];

    /// <summary>The allowed range in words when <paramref name="number"/> is outside the schema's minimum/maximum, else null.</summary>
    private static string? OutOfRange(JsonElement schema, decimal number)
    {
        decimal? min = schema.TryGetProperty("minimum", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetDecimal() : null;
        decimal? max = schema.TryGetProperty("maximum", out var x) && x.ValueKind == JsonValueKind.Number ? x.GetDecimal() : null;
        if ((min is null || number >= min) && (max is null || number <= max))
        {
            return null;
        }

        var c = System.Globalization.CultureInfo.InvariantCulture;
        return (min, max) switch
        {
            ({ } low, { } high) => string.Create(c, $"between {low} and {high}"),
            ({ } low, null) => string.Create(c, $"{low} or more"),
            (null, { } high) => string.Create(c, $"{high} or less"),
            _ => null,
        };
    }

    private static List<string> AllowedTypes(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return [];
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => [type.GetString()!],
            JsonValueKind.Array => [.. type.EnumerateArray().Select(t => t.GetString()).OfType<string>()],
            _ => [],
        };
    }

    private static bool Matches(string type, JsonElement value) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        _ => true,
    };

    private static string Expected(List<string> types, JsonElement schema)
    {
        var names = types.Where(t => t != "null").Select(t => t switch
        {
            "integer" => "a whole number",
            "number" => "a number",
            "string" => "a string",
            "boolean" => "true or false",
            "object" => "a JSON object",
            "array" when schema.TryGetProperty("items", out var items) && AllowedTypes(items) is { Count: > 0 } itemTypes =>
                $"an array of {string.Join(" or ", itemTypes.Where(i => i != "null").Select(i => i == "integer" ? "whole numbers" : i + "s"))}",
            "array" => "an array",
            _ => t,
        }).ToList();
        return names.Count == 0 ? "null" : string.Join(" or ", names);
    }

    private static string Actual(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {Preview(value.GetString()!)}",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString(),
    };

    private static string Preview(string text) => JsonSerializer.Serialize(TextLimit.Shorten(text, 40));

    private static string Describe(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var property) &&
        property.TryGetProperty("description", out var description) && description.GetString() is { Length: > 0 } text
            ? $" ({text.Split('.')[0].Trim()})"
            : "";

    /// <summary>Converts the SDK's argument dictionary into a JSON object (for audit and duplicate detection).</summary>
    public static JsonObject ToJson(IDictionary<string, JsonElement>? arguments)
    {
        var obj = new JsonObject();
        foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            obj[name] = JsonNode.Parse(value.GetRawText());
        }

        return obj;
    }
}
