using System.Text.Json;

namespace Ontraport.Sandbox.Http;

/// <summary>
/// One request parameter as it arrived: a scalar from a query string or form, a PHP-style or JSON array,
/// or any JSON value from a JSON body (ontraport-api.md §1.3).
/// </summary>
internal sealed class ParameterValue
{
    private ParameterValue(string? text, IReadOnlyList<string>? items, JsonElement? json)
    {
        Text = text;
        Items = items;
        Json = json;
    }

    /// <summary>The scalar text; for a JSON object or array its raw JSON; null for a JSON null.</summary>
    public string? Text { get; }

    /// <summary>The elements when the parameter is an array (PHP <c>ids[]</c>/<c>ids[0]</c> or a JSON array).</summary>
    public IReadOnlyList<string>? Items { get; }

    /// <summary>The JSON value when the parameter came from a JSON body.</summary>
    public JsonElement? Json { get; }

    public static ParameterValue FromText(string text) => new(text, null, null);

    public static ParameterValue FromItems(IReadOnlyList<string> items) => new(string.Join(',', items), items, null);

    public static ParameterValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => new(element.GetString(), null, element),
        JsonValueKind.Number => new(element.GetRawText(), null, element),
        JsonValueKind.True => new("1", null, element),
        JsonValueKind.False => new("0", null, element),
        JsonValueKind.Array => FromJsonArray(element),
        JsonValueKind.Object => new(element.GetRawText(), null, element),
        _ => new(null, null, element),
    };

    /// <summary>The value as a list: array items, or a comma-separated scalar split on commas.</summary>
    public IReadOnlyList<string> AsList()
    {
        if (Items is not null)
        {
            return Items;
        }

        if (string.IsNullOrWhiteSpace(Text))
        {
            return [];
        }

        var trimmed = Text.Trim();
        if (trimmed.StartsWith('['))
        {
            // A JSON array sent as a string (e.g. ids=[1,2] in a form).
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                if (document.RootElement.ValueKind == JsonValueKind.Array)
                {
                    return ScalarItems(document.RootElement);
                }
            }
            catch (JsonException)
            {
                // Not JSON: fall through to the comma list.
            }
        }

        return trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static ParameterValue FromJsonArray(JsonElement element)
    {
        var items = ScalarItems(element);
        return new(element.GetRawText(), items, element);
    }

    private static List<string> ScalarItems(JsonElement array)
    {
        var items = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    items.Add(item.GetString() ?? string.Empty);
                    break;
                case JsonValueKind.Null:
                case JsonValueKind.Undefined:
                    break;
                case JsonValueKind.True:
                    items.Add("1");
                    break;
                case JsonValueKind.False:
                    items.Add("0");
                    break;
                default:
                    items.Add(item.GetRawText());
                    break;
            }
        }

        return items;
    }
}
