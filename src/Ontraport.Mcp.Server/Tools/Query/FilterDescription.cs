using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Client.Conditions;
using Ontraport.Client.Metadata;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

/// <summary>
/// Reads stored criteria (a group's filter) back as a readable condition: field labels, dates as ISO, drop-down labels,
/// and tag lists (<c>contact_cat LIKE "%*/*5*/*%"</c>) as "has tag 'webinar attendees'".
/// </summary>
public static class FilterDescription
{
    /// <summary>The criteria of a stored filter, or null when the text is not criteria JSON.</summary>
    public static Criteria? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return Criteria.FromJson(JsonNode.Parse(json));
        }
        catch (Exception ex) when (ex is CriteriaFormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Tag ids a criteria list tests for (<c>contact_cat LIKE "%*/*N*/*%"</c>).</summary>
    public static IEnumerable<long> TagIds(Criteria criteria) =>
        criteria.Terms.Select(t => TagId(t.Condition)).OfType<long>();

    public static string Describe(Criteria criteria, ObjectMetadata metadata, IReadOnlyDictionary<long, string> tagNames) =>
        string.Concat(criteria.Terms.Select(t =>
            (t.Join is { } join ? (join == Conjunction.And ? " AND " : " OR ") : "") + Describe(t.Condition, metadata, tagNames)));

    private static string Describe(Condition condition, ObjectMetadata metadata, IReadOnlyDictionary<long, string> tagNames)
    {
        if (TagId(condition) is { } tagId)
        {
            return $"has tag '{tagNames.GetValueOrDefault(tagId) ?? $"#{tagId}"}'";
        }

        var field = metadata.FindField(condition.Field);
        var name = field is null || string.Equals(field.Alias, field.Name, StringComparison.OrdinalIgnoreCase) ? condition.Field : $"{field.Name} ({field.Alias})";
        var op = Condition.OperatorToken(condition.Operator);
        return condition.Operator switch
        {
            ConditionOperator.IsNull => $"{name} IS NULL",
            ConditionOperator.In or ConditionOperator.NotIn => $"{name} {op} ({string.Join(", ", condition.Values.Select(v => Value(v, field)))})",
            _ => $"{name} {op} {Value(condition.Values[0], field)}",
        };
    }

    private static string Value(ConditionLiteral literal, FieldMetadata? field)
    {
        if (field?.Kind == FieldKind.Date && long.TryParse(literal.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return RecordShaper.IsoDate(DateTimeOffset.FromUnixTimeSeconds(seconds));
        }

        if (field is { Kind: FieldKind.DropDown } && field.Options.TryGetValue(literal.Text, out var label))
        {
            return $"{literal.Text} ({label})";
        }

        return literal.ToString();
    }

    private static long? TagId(Condition condition) =>
        condition is { Field: "contact_cat", Operator: ConditionOperator.Like } ? IdList.FromLikePattern(condition.Values[0].Text) : null;
}
