using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ontraport.Client.Conditions;

/// <summary>The operators Ontraport's criteria accept (API reference §2.2; the official SDK's validator list).</summary>
public enum ConditionOperator
{
    Equal,
    NotEqual,
    GreaterThan,
    LessThan,
    GreaterOrEqual,
    LessOrEqual,
    In,
    NotIn,

    /// <summary><c>"op":"IS","value":"NULL"</c>. Ontraport documents no <c>IS NOT NULL</c>.</summary>
    IsNull,

    /// <summary>SQL LIKE with <c>%</c> wildcards.</summary>
    Like,
}

public enum Conjunction
{
    And,
    Or,
}

/// <summary>A literal in a condition: sent as a JSON number when it is one, otherwise as a string.</summary>
public readonly record struct ConditionLiteral(string Text, bool IsNumber)
{
    public static ConditionLiteral Of(string text) => new(text, false);

    public static ConditionLiteral Of(long number) => new(number.ToString(CultureInfo.InvariantCulture), true);

    public static ConditionLiteral Of(decimal number) => new(number.ToString(CultureInfo.InvariantCulture), true);

    public JsonNode ToJson() => IsNumber ? JsonNode.Parse(Text)! : JsonValue.Create(Text);

    public override string ToString() => IsNumber ? Text : $"\"{Text}\"";
}

/// <summary>One comparison: <c>{"field":{"field":F},"op":OP,"value":{"value":V}}</c>.</summary>
public sealed record Condition
{
    public Condition(string field, ConditionOperator op, IReadOnlyList<ConditionLiteral> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        var expected = op switch
        {
            ConditionOperator.IsNull => 0..0,
            ConditionOperator.In or ConditionOperator.NotIn => 1..int.MaxValue,
            _ => 1..1,
        };
        if (values.Count < expected.Start.Value || values.Count > expected.End.Value)
        {
            throw new ArgumentException($"Operator {op} takes {(op == ConditionOperator.IsNull ? "no value" : op is ConditionOperator.In or ConditionOperator.NotIn ? "a non-empty list" : "exactly one value")}.", nameof(values));
        }

        Field = field;
        Operator = op;
        Values = values;
    }

    public string Field { get; }

    public ConditionOperator Operator { get; }

    public IReadOnlyList<ConditionLiteral> Values { get; }

    public static Condition Compare(string field, ConditionOperator op, ConditionLiteral value) => new(field, op, [value]);

    public static Condition IsNull(string field) => new(field, ConditionOperator.IsNull, []);

    public static string OperatorToken(ConditionOperator op) => op switch
    {
        ConditionOperator.Equal => "=",
        ConditionOperator.NotEqual => "<>",
        ConditionOperator.GreaterThan => ">",
        ConditionOperator.LessThan => "<",
        ConditionOperator.GreaterOrEqual => ">=",
        ConditionOperator.LessOrEqual => "<=",
        ConditionOperator.In => "IN",
        ConditionOperator.NotIn => "NOT IN",
        ConditionOperator.IsNull => "IS",
        ConditionOperator.Like => "LIKE",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public JsonObject ToJson()
    {
        JsonNode value = Operator switch
        {
            ConditionOperator.IsNull => JsonValue.Create("NULL"),
            ConditionOperator.In or ConditionOperator.NotIn => new JsonObject
            {
                ["list"] = new JsonArray([.. Values.Select(v => (JsonNode)new JsonObject { ["value"] = v.ToJson() })]),
            },
            _ => new JsonObject { ["value"] = Values[0].ToJson() },
        };
        return new JsonObject
        {
            ["field"] = new JsonObject { ["field"] = Field },
            ["op"] = OperatorToken(Operator),
            ["value"] = value,
        };
    }

    public override string ToString() => Operator switch
    {
        ConditionOperator.IsNull => $"{Field} IS NULL",
        ConditionOperator.In or ConditionOperator.NotIn => $"{Field} {OperatorToken(Operator)} ({string.Join(", ", Values)})",
        _ => $"{Field} {OperatorToken(Operator)} {Values[0]}",
    };
}

/// <summary>One entry of a criteria list: the conjunction that joins it to the previous entry (none for the first).</summary>
public sealed record CriteriaTerm(Conjunction? Join, Condition Condition);

/// <summary>
/// Ontraport's criteria: a flat list of conditions joined by the strings <c>"AND"</c>/<c>"OR"</c> (API reference §2.2).
/// There is no grouping; Ontraport evaluates the list as written.
/// </summary>
public sealed class Criteria
{
    private readonly List<CriteriaTerm> _terms;

    private Criteria(List<CriteriaTerm> terms) => _terms = terms;

    public IReadOnlyList<CriteriaTerm> Terms => _terms;

    public static Criteria Where(Condition first) => new([new CriteriaTerm(null, first)]);

    public Criteria And(Condition next) => new([.. _terms, new CriteriaTerm(Conjunction.And, next)]);

    public Criteria Or(Condition next) => new([.. _terms, new CriteriaTerm(Conjunction.Or, next)]);

    public Criteria Append(Conjunction join, Condition next) => join == Conjunction.And ? And(next) : Or(next);

    /// <summary>Joins two criteria with AND. Only safe when neither side contains OR, since the list has no parentheses.</summary>
    public Criteria AndAll(Criteria other)
    {
        var result = this;
        foreach (var term in other.Terms)
        {
            result = result.Append(term.Join ?? Conjunction.And, term.Condition);
        }

        return result;
    }

    public bool ContainsOr => _terms.Any(t => t.Join == Conjunction.Or);

    public JsonArray ToJson()
    {
        var array = new JsonArray();
        foreach (var term in _terms)
        {
            if (term.Join is { } join)
            {
                array.Add(join == Conjunction.And ? "AND" : "OR");
            }

            array.Add(term.Condition.ToJson());
        }

        return array;
    }

    /// <summary>The criteria JSON as it travels in a query string or form field.</summary>
    public string ToJsonString() => ToJson().ToJsonString(JsonText.Relaxed);

    public override string ToString() =>
        string.Concat(_terms.Select(t => t.Join is { } j ? $" {(j == Conjunction.And ? "AND" : "OR")} {t.Condition}" : t.Condition.ToString()));

    /// <summary>
    /// Reads criteria JSON an agent supplied (the same shape Ontraport takes), checking its structure so a malformed
    /// array is refused here rather than sent upstream. Field names are not resolved here.
    /// </summary>
    public static Criteria FromJson(JsonNode? node)
    {
        if (node is JsonObject single)
        {
            return Where(ReadCondition(single, 0));
        }

        if (node is not JsonArray array || array.Count == 0)
        {
            throw new CriteriaFormatException("condition must be a non-empty array of condition objects joined by \"AND\"/\"OR\", e.g. [{\"field\":{\"field\":\"email\"},\"op\":\"=\",\"value\":{\"value\":\"jane@example.com\"}}].");
        }

        var terms = new List<CriteriaTerm>();
        Conjunction? pending = null;
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            if (item is JsonValue word && word.GetValueKind() == JsonValueKind.String)
            {
                var text = word.GetValue<string>();
                if (terms.Count == 0 || pending is not null)
                {
                    throw new CriteriaFormatException($"condition[{i}]: \"{text}\" must sit between two conditions.");
                }

                pending = text.Trim().ToUpperInvariant() switch
                {
                    "AND" => Conjunction.And,
                    "OR" => Conjunction.Or,
                    _ => throw new CriteriaFormatException($"condition[{i}]: expected \"AND\" or \"OR\", got \"{text}\"."),
                };
                continue;
            }

            if (item is not JsonObject obj)
            {
                throw new CriteriaFormatException($"condition[{i}] must be a condition object or \"AND\"/\"OR\".");
            }

            if (terms.Count > 0 && pending is null)
            {
                pending = Conjunction.And;
            }

            terms.Add(new CriteriaTerm(terms.Count == 0 ? null : pending, ReadCondition(obj, i)));
            pending = null;
        }

        if (pending is not null)
        {
            throw new CriteriaFormatException("condition ends with \"AND\"/\"OR\"; add the condition that should follow it or remove the word.");
        }

        return new Criteria(terms);
    }

    private static Condition ReadCondition(JsonObject obj, int index)
    {
        var field = obj["field"] switch
        {
            JsonObject f => JsonText.AsString(f["field"]),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(field))
        {
            throw new CriteriaFormatException($"condition[{index}] needs \"field\": {{\"field\": \"<field name>\"}}.");
        }

        var opText = JsonText.AsString(obj["op"])?.Trim().ToUpperInvariant();
        ConditionOperator op = opText switch
        {
            "=" => ConditionOperator.Equal,
            "<>" or "!=" => ConditionOperator.NotEqual,
            ">" => ConditionOperator.GreaterThan,
            "<" => ConditionOperator.LessThan,
            ">=" => ConditionOperator.GreaterOrEqual,
            "<=" => ConditionOperator.LessOrEqual,
            "IN" => ConditionOperator.In,
            "NOT IN" => ConditionOperator.NotIn,
            "IS" => ConditionOperator.IsNull,
            "LIKE" => ConditionOperator.Like,
            _ => throw new CriteriaFormatException($"condition[{index}] has operator \"{opText}\"; Ontraport accepts =, <>, >, <, >=, <=, IN, NOT IN, IS (NULL) and LIKE."),
        };

        var valueNode = obj["value"];
        if (op == ConditionOperator.IsNull)
        {
            var text = valueNode is JsonObject wrapped ? JsonText.AsString(wrapped["value"]) : JsonText.AsString(valueNode);
            if (!string.Equals(text, "NULL", StringComparison.OrdinalIgnoreCase))
            {
                throw new CriteriaFormatException($"condition[{index}]: IS only tests for NULL (\"value\":\"NULL\"); Ontraport has no IS NOT NULL.");
            }

            return Condition.IsNull(field);
        }

        if (op is ConditionOperator.In or ConditionOperator.NotIn)
        {
            if (valueNode is not JsonObject listHolder || listHolder["list"] is not JsonArray list || list.Count == 0)
            {
                throw new CriteriaFormatException($"condition[{index}]: {opText} needs \"value\":{{\"list\":[{{\"value\":…}}, …]}} with at least one value.");
            }

            return new Condition(field, op, [.. list.Select((v, j) => ReadLiteral(v is JsonObject o ? o["value"] : v, $"condition[{index}].value.list[{j}]"))]);
        }

        if (valueNode is not JsonObject holder || !holder.ContainsKey("value"))
        {
            throw new CriteriaFormatException($"condition[{index}] needs \"value\":{{\"value\": …}}.");
        }

        return Condition.Compare(field, op, ReadLiteral(holder["value"], $"condition[{index}].value"));
    }

    private static ConditionLiteral ReadLiteral(JsonNode? node, string path) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => ConditionLiteral.Of(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => new ConditionLiteral(v.ToJsonString(), true),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => ConditionLiteral.Of(v.GetValue<bool>() ? 1 : 0),
        _ => throw new CriteriaFormatException($"{path} must be a string or a number."),
    };
}

/// <summary>A condition (readable or JSON) that cannot be turned into Ontraport criteria; the message says what to fix.</summary>
public sealed class CriteriaFormatException(string message) : Exception(message)
{
    /// <summary>Set when the condition names a field the object does not have, so the caller can say how to list its fields.</summary>
    public Metadata.UnknownField? UnknownField { get; init; }
}
