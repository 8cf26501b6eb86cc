using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Ontraport.Sandbox.Tests;

/// <summary>The condition operators and AND/OR (ontraport-api.md §2.2), checked against the account's own records.</summary>
public class CriteriaTests
{
    private static string Condition(string field, string op, string value) =>
        $$"""{"field":{"field":"{{field}}"},"op":"{{op}}","value":{{value}}}""";

    private static async Task<List<string>> MatchingIdsAsync(SandboxHarness sandbox, string criteria, int objectId = 0)
    {
        var ids = new List<string>();
        for (var start = 0; ; start += 50)
        {
            var page = await sandbox.GetAsync($"objects?objectID={objectId}&start={start}&condition={SandboxHarness.Encode(criteria)}");
            ids.AddRange(page.EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            if (page.GetArrayLength() < 50)
            {
                return ids;
            }
        }
    }

    private static List<string> Expected(SandboxHarness sandbox, Func<IReadOnlyDictionary<string, string?>, bool> predicate, int objectId = 0) =>
        sandbox.Account.All(objectId).Where(predicate).Select(r => r["id"]!).ToList();

    private static decimal Number(string? value) => decimal.Parse(value!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Equal_is_case_insensitive_on_text()
    {
        using var sandbox = SandboxHarness.Create();

        var ids = await MatchingIdsAsync(sandbox, "[" + Condition("state", "=", """{"value":"ca"}""") + "]");

        Assert.Equal(Expected(sandbox, c => c["state"] == "CA"), ids);
        Assert.True(ids.Count > 20);
    }

    [Fact]
    public async Task Not_equal_excludes_the_value_and_nulls()
    {
        using var sandbox = SandboxHarness.Create();

        var ids = await MatchingIdsAsync(sandbox, "[" + Condition("title", "<>", """{"value":"Owner"}""") + "]");

        Assert.Equal(Expected(sandbox, c => c["title"] is { } t && t != "Owner"), ids);
        Assert.DoesNotContain("1", ids);
    }

    [Theory]
    [InlineData(">", "1000")]
    [InlineData("<", "100")]
    [InlineData(">=", "1847")]
    [InlineData("<=", "29")]
    public async Task Ordering_operators_compare_numbers_numerically(string op, string operand)
    {
        using var sandbox = SandboxHarness.Create();
        var limit = Number(operand);
        Func<decimal, bool> holds = op switch
        {
            ">" => v => v > limit,
            "<" => v => v < limit,
            ">=" => v => v >= limit,
            _ => v => v <= limit,
        };

        var ids = await MatchingIdsAsync(sandbox, "[" + Condition("spent", op, $$"""{"value":{{operand}}}""") + "]");

        Assert.Equal(Expected(sandbox, c => holds(Number(c["spent"]))), ids);
        Assert.NotEmpty(ids);
    }

    [Fact]
    public async Task Dates_compare_as_unix_seconds()
    {
        using var sandbox = SandboxHarness.Create();
        var since = SandboxHarness.Start.AddDays(-30).ToUnixTimeSeconds();

        var ids = await MatchingIdsAsync(sandbox, "[" + Condition("date", ">", $$"""{"value":"{{since}}"}""") + "]");

        Assert.Equal(Expected(sandbox, c => long.Parse(c["date"]!, CultureInfo.InvariantCulture) > since), ids);
        Assert.InRange(ids.Count, 3, 40);
    }

    [Fact]
    public async Task In_and_not_in_use_the_value_list()
    {
        using var sandbox = SandboxHarness.Create();

        var inIds = await MatchingIdsAsync(sandbox, "[" + Condition("id", "IN", """{"list":[{"value":1},{"value":"5"},{"value":999}]}""") + "]");
        var notIn = await MatchingIdsAsync(sandbox, "[" + Condition("state", "NOT IN", """{"list":[{"value":"CA"},{"value":"TX"}]}""") + "]");

        Assert.Equal(["1", "5"], inIds);
        Assert.Equal(Expected(sandbox, c => c["state"] is not null and not "CA" and not "TX"), notIn);
    }

    [Fact]
    public async Task Is_null_matches_unset_values_only()
    {
        using var sandbox = SandboxHarness.Create();

        var ids = await MatchingIdsAsync(sandbox, "[" + """{"field":{"field":"title"},"op":"IS","value":"NULL"}""" + "]");

        Assert.Equal(Expected(sandbox, c => c["title"] is null), ids);
        Assert.DoesNotContain("1", ids);
        Assert.NotEmpty(ids);
    }

    [Fact]
    public async Task Like_supports_percent_and_underscore_wildcards()
    {
        using var sandbox = SandboxHarness.Create();

        var domain = await MatchingIdsAsync(sandbox, "[" + Condition("email", "LIKE", """{"value":"%@acme.com"}""") + "]");
        var pattern = await MatchingIdsAsync(sandbox, "[" + Condition("firstname", "LIKE", """{"value":"J_n%"}""") + "]");

        Assert.Equal(Expected(sandbox, c => c["email"]!.EndsWith("@acme.com", StringComparison.OrdinalIgnoreCase)), domain);
        Assert.Contains("5", domain);
        Assert.Equal(Expected(sandbox, c => c["firstname"]!.Length >= 3 && c["firstname"]![0] == 'J' && c["firstname"]![2] == 'n'), pattern);
        Assert.Contains("2", pattern);
    }

    [Fact]
    public async Task And_binds_tighter_than_or()
    {
        using var sandbox = SandboxHarness.Create();
        var criteria = "[" + Condition("state", "=", """{"value":"CA"}""") + ",\"AND\"," + Condition("spent", ">", """{"value":1000}""")
            + ",\"OR\"," + Condition("id", "=", """{"value":2}""") + "]";

        var ids = await MatchingIdsAsync(sandbox, criteria);

        Assert.Equal(Expected(sandbox, c => (c["state"] == "CA" && Number(c["spent"]) > 1000m) || c["id"] == "2"), ids);
        Assert.Contains("1", ids);
        Assert.Contains("2", ids);
        Assert.Contains("6", ids);
    }

    [Fact]
    public async Task A_condition_inside_a_json_body_is_a_raw_array()
    {
        using var sandbox = SandboxHarness.Create();
        var body = """{"objectID":0,"condition":[{"field":{"field":"lastname"},"op":"=","value":{"value":"Doe"}}]}""";

        var data = await sandbox.DataAsync(HttpMethod.Get, "objects", SandboxHarness.Json(body));

        Assert.Equal(["2"], data.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""[{"field":{"field":"email"},"op":"~","value":{"value":"x"}}]""")]
    [InlineData("""[{"field":{"field":"email"},"op":"=","value":{"value":"x"}},"XOR",{"field":{"field":"id"},"op":"=","value":{"value":1}}]""")]
    [InlineData("""[{"field":{"field":"email"},"op":"=","value":{"value":"x"}},"AND"]""")]
    [InlineData("""[{"field":{"field":"email"},"op":"=","value":{"value":"x"}},{"field":{"field":"id"},"op":"=","value":{"value":1}}]""")]
    [InlineData("""[{"field":{"field":"id"},"op":"IN","value":{"list":[]}}]""")]
    [InlineData("""[{"field":{"field":"id"},"op":"=","value":{"list":[{"value":1}]}}]""")]
    [InlineData("""[{"field":{"field":"id"},"op":"IS","value":"5"}]""")]
    [InlineData("""[{"field":"email","op":"=","value":{"value":"x"}}]""")]
    [InlineData("""email='john.smith@example.com'""")]
    public async Task Malformed_conditions_are_400_Invalid_query(string condition)
    {
        using var sandbox = SandboxHarness.Create();

        var body = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Get, "Contacts?condition=" + SandboxHarness.Encode(condition));

        Assert.Equal("Invalid query", body);
    }

    [Fact]
    public async Task An_empty_condition_is_no_filter()
    {
        using var sandbox = SandboxHarness.Create();

        var info = await sandbox.GetAsync("Contacts/getInfo?condition=%5B%5D");

        Assert.Equal("200", info.GetProperty("count").GetString());
    }

    [Fact]
    public async Task Conditions_combine_with_search_and_ids()
    {
        using var sandbox = SandboxHarness.Create();
        var criteria = SandboxHarness.Encode("[" + Condition("state", "=", """{"value":"CA"}""") + "]");

        var data = await sandbox.GetAsync($"Contacts?ids=1,2,3,4,5&search=sarah&condition={criteria}");

        Assert.Equal(["3", "5"], data.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.All(data.EnumerateArray(), r => Assert.Equal(JsonValueKind.String, r.GetProperty("state").ValueKind));
    }
}
