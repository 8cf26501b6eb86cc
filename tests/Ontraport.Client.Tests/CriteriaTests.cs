using System.Text.Json.Nodes;
using Ontraport.Client.Conditions;

namespace Ontraport.Client.Tests;

public class CriteriaTests
{
    [Fact]
    public void Serializes_the_documented_shape_with_AND_OR_IN_and_IS_NULL()
    {
        // API reference §2.2, the example verbatim.
        var criteria = Criteria.Where(Condition.Compare("email", ConditionOperator.Equal, ConditionLiteral.Of("test@test.com")))
            .And(new Condition("id", ConditionOperator.In, [ConditionLiteral.Of(1), ConditionLiteral.Of(2)]))
            .Or(Condition.IsNull("lastname"));

        Assert.Equal(
            """[{"field":{"field":"email"},"op":"=","value":{"value":"test@test.com"}},"AND",{"field":{"field":"id"},"op":"IN","value":{"list":[{"value":1},{"value":2}]}},"OR",{"field":{"field":"lastname"},"op":"IS","value":"NULL"}]""",
            criteria.ToJsonString());
    }

    [Theory]
    [InlineData(ConditionOperator.NotEqual, "<>")]
    [InlineData(ConditionOperator.GreaterThan, ">")]
    [InlineData(ConditionOperator.LessThan, "<")]
    [InlineData(ConditionOperator.GreaterOrEqual, ">=")]
    [InlineData(ConditionOperator.LessOrEqual, "<=")]
    [InlineData(ConditionOperator.Like, "LIKE")]
    public void Writes_each_operator_token(ConditionOperator op, string token)
    {
        var json = Criteria.Where(Condition.Compare("spent", op, ConditionLiteral.Of(1000m))).ToJson();
        Assert.Equal(token, json[0]!["op"]!.GetValue<string>());
        Assert.Equal(1000, json[0]!["value"]!["value"]!.GetValue<decimal>());
    }

    [Fact]
    public void NOT_IN_uses_the_list_shape()
    {
        var json = Criteria.Where(new Condition("state", ConditionOperator.NotIn, [ConditionLiteral.Of("CA"), ConditionLiteral.Of("NY")])).ToJsonString();
        Assert.Equal("""[{"field":{"field":"state"},"op":"NOT IN","value":{"list":[{"value":"CA"},{"value":"NY"}]}}]""", json);
    }

    [Fact]
    public void Reads_back_what_it_writes()
    {
        var original = Criteria.Where(Condition.Compare("state", ConditionOperator.Equal, ConditionLiteral.Of("CA")))
            .Or(new Condition("id", ConditionOperator.NotIn, [ConditionLiteral.Of(3)]))
            .And(Condition.IsNull("email"));
        var roundTripped = Criteria.FromJson(JsonNode.Parse(original.ToJsonString()));
        Assert.Equal(original.ToJsonString(), roundTripped.ToJsonString());
    }

    [Theory]
    [InlineData("[]", "non-empty array")]
    [InlineData("""["AND",{"field":{"field":"a"},"op":"=","value":{"value":1}}]""", "between two conditions")]
    [InlineData("""[{"field":{"field":"a"},"op":"=","value":{"value":1}},"AND"]""", "ends with")]
    [InlineData("""[{"field":{"field":"a"},"op":"~","value":{"value":1}}]""", "operator")]
    [InlineData("""[{"op":"=","value":{"value":1}}]""", "needs \"field\"")]
    [InlineData("""[{"field":{"field":"a"},"op":"IN","value":{"value":1}}]""", "list")]
    [InlineData("""[{"field":{"field":"a"},"op":"IS","value":"NOT NULL"}]""", "IS NOT NULL")]
    [InlineData("""[{"field":{"field":"a"},"op":"=","value":{"value":{"x":1}}}]""", "string or a number")]
    [InlineData("""[{"field":{"field":"a"},"op":"=","value":{"value":1}},"XOR",{"field":{"field":"b"},"op":"=","value":{"value":2}}]""", "\"AND\" or \"OR\"")]
    public void Refuses_malformed_criteria_with_a_message_that_says_what_to_fix(string json, string expected)
    {
        var error = Assert.Throws<CriteriaFormatException>(() => Criteria.FromJson(JsonNode.Parse(json)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_conjunction_between_conditions_means_AND()
    {
        var criteria = Criteria.FromJson(JsonNode.Parse("""[{"field":{"field":"a"},"op":"=","value":{"value":1}},{"field":{"field":"b"},"op":"=","value":{"value":2}}]"""));
        Assert.Equal(Conjunction.And, criteria.Terms[1].Join);
    }
}
