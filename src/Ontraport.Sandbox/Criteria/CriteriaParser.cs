using System.Text.Json;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Criteria;

/// <summary>
/// Reads the <c>condition</c> parameter: a JSON array of condition objects separated by the strings
/// <c>"AND"</c>/<c>"OR"</c>, sent as a JSON string (query/form) or as a raw array in a JSON body
/// (ontraport-api.md §1.3, §2.2). Anything malformed, an unknown field or an unknown operator is
/// <c>400 Invalid query</c>, as the real API answers an unknown field.
/// </summary>
internal static class CriteriaParser
{
    public static CriteriaExpression Parse(ParameterValue parameter, ObjectTypeSchema type)
    {
        if (parameter.Json is { ValueKind: JsonValueKind.Array or JsonValueKind.Object } json)
        {
            return Parse(json, type);
        }

        var text = parameter.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return new CriteriaExpression([]);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return Parse(document.RootElement, type);
        }
        catch (JsonException)
        {
            throw ApiError.InvalidQuery();
        }
    }

    public static CriteriaExpression Parse(JsonElement root, ObjectTypeSchema type)
    {
        var items = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray().ToList(),
            JsonValueKind.Object => [root],
            _ => throw ApiError.InvalidQuery(),
        };

        var groups = new List<IReadOnlyList<Comparison>>();
        var current = new List<Comparison>();
        var expectCondition = true;
        foreach (var item in items)
        {
            if (expectCondition)
            {
                current.Add(ParseComparison(item, type));
                expectCondition = false;
                continue;
            }

            var join = item.ValueKind == JsonValueKind.String ? item.GetString()?.Trim().ToUpperInvariant() : null;
            switch (join)
            {
                case "AND":
                    break;
                case "OR":
                    groups.Add(current);
                    current = [];
                    break;
                default:
                    throw ApiError.InvalidQuery();
            }

            expectCondition = true;
        }

        if (items.Count > 0 && expectCondition)
        {
            // A trailing AND/OR.
            throw ApiError.InvalidQuery();
        }

        if (current.Count > 0)
        {
            groups.Add(current);
        }

        return new CriteriaExpression(groups);
    }

    private static Comparison ParseComparison(JsonElement item, ObjectTypeSchema type)
    {
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("field", out var field) || field.ValueKind != JsonValueKind.Object
            || !field.TryGetProperty("field", out var fieldName) || fieldName.ValueKind != JsonValueKind.String
            || !item.TryGetProperty("op", out var op) || op.ValueKind != JsonValueKind.String)
        {
            throw ApiError.InvalidQuery();
        }

        var column = type.Column(fieldName.GetString() ?? string.Empty) ?? throw ApiError.InvalidQuery();
        var normalized = string.Join(' ', (op.GetString() ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
        if (!Operators.All.Contains(normalized))
        {
            throw ApiError.InvalidQuery();
        }

        item.TryGetProperty("value", out var value);
        return new Comparison(column, normalized, Operands(normalized, value));
    }

    private static IReadOnlyList<string?> Operands(string op, JsonElement value)
    {
        if (op == Operators.Is)
        {
            // "value":"NULL" (the documented form), also {"value":"NULL"}.
            var text = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var inner) ? Scalar(inner) : Scalar(value);
            return text is not null && text.Equals("NULL", StringComparison.OrdinalIgnoreCase) ? [] : throw ApiError.InvalidQuery();
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw ApiError.InvalidQuery();
        }

        if (op is Operators.In or Operators.NotIn)
        {
            if (!value.TryGetProperty("list", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                throw ApiError.InvalidQuery();
            }

            return list.EnumerateArray()
                .Select(entry => entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("value", out var v) ? Scalar(v) : throw ApiError.InvalidQuery())
                .ToList();
        }

        // Array values are accepted only with IN (the SDK refuses them otherwise).
        if (value.TryGetProperty("list", out _) || !value.TryGetProperty("value", out var scalar))
        {
            throw ApiError.InvalidQuery();
        }

        return [Scalar(scalar)];
    }

    private static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => throw ApiError.InvalidQuery(),
    };
}
