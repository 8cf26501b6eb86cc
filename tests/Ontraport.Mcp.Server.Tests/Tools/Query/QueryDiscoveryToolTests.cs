using System.Globalization;
using System.Text.Json.Nodes;
using static Ontraport.Mcp.Server.Tests.TestValues;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The structural Query tools end to end (list_allowed_object_types, get_object_meta, count_objects, get_account_info,
/// get_groups, build_api_condition): happy path against the demo account, bad input costing no upstream request, and
/// the empty answer.
/// </summary>
public class QueryDiscoveryToolTests : IAsyncLifetime
{
    private ServerHost Host { get; } = new(ServerHost.MidWeek);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    // ---------- list_allowed_object_types ----------

    [Fact]
    public async Task List_allowed_object_types_lists_built_in_and_custom_types_with_access_and_tools()
    {
        var answer = (await Host.Client.CallAsync("list_allowed_object_types")).Ok();
        var types = answer["types"]!.AsArray().Select(t => t!.AsObject()).ToList();
        Assert.Equal(types.Count, answer["count"]!.GetValue<int>());
        var contacts = types.Single(t => t["id"]!.GetValue<int>() == 0);
        Assert.Equal(("Contacts", "GET POST PUT DEL"), (contacts["name"]!.GetValue<string>(), contacts["access"]!.GetValue<string>()));
        Assert.Contains("manage_tags", contacts["tools"]!.AsArray().Select(t => t!.GetValue<string>()));
        var invoices = types.Single(t => t["id"]!.GetValue<int>() == 46);
        Assert.Equal("GET", invoices["access"]!.GetValue<string>());
        Assert.Contains("create_invoice", invoices["writes_only_through"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(types, t => t["id"]!.GetValue<int>() == 149 && t["name"]!.GetValue<string>() == "Deals");
        var custom = types.Single(t => t["id"]!.GetValue<int>() >= 10000);
        Assert.Equal(("Projects", "Custom Objects", "GET POST PUT DEL"), (custom["name"]!.GetValue<string>(), custom["category"]!.GetValue<string>(), custom["access"]!.GetValue<string>()));
        Assert.DoesNotContain(types, t => t["id"]!.GetValue<int>() == 2); // Users are internal
        Assert.Equal(0, Host.UpstreamCount);
    }

    [Fact]
    public async Task List_allowed_object_types_filters_by_name_or_category_and_says_when_nothing_matches()
    {
        var custom = (await Host.Client.CallAsync("list_allowed_object_types", new { search = "custom objects" })).Ok();
        Assert.Equal(["Projects"], custom["types"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));

        var none = (await Host.Client.CallAsync("list_allowed_object_types", new { search = "spaceships" })).Ok();
        Assert.Equal(0, none["count"]!.GetValue<int>());
        Assert.Empty(none["types"]!.AsArray());
        Assert.Contains("No object type matches 'spaceships'", none["note"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_allowed_object_types_refuses_an_unknown_argument_without_a_request()
    {
        var error = (await Host.Client.CallAsync("list_allowed_object_types", new { serch = "deals" })).Error();
        Assert.Contains("Did you mean 'search'", error, StringComparison.Ordinal);
        Assert.Empty(Host.DemoAccount.Requests);
    }

    // ---------- get_object_meta ----------

    [Fact]
    public async Task Get_object_meta_lists_fields_with_labels_types_options_and_lookups()
    {
        var answer = (await Host.Client.CallAsync("get_object_meta", new { object_type = "deal" })).Ok();
        Assert.Equal(("Deals", 149), (answer["object_type"]!.GetValue<string>(), answer["id"]!.GetValue<int>()));
        var fields = answer["fields"]!.AsArray().Select(f => f!.AsObject()).ToDictionary(f => f["name"]!.GetValue<string>());
        Assert.Equal(answer["field_count"]!.GetValue<int>(), fields.Count);
        Assert.True(fields["name"]["required"]!.GetValue<bool>());
        Assert.Equal("Proposal", fields["sales_stage"]["options"]!["3"]!.GetValue<string>());
        Assert.Equal("Contacts (0)", fields["primary_contact"]["lookup"]!.GetValue<string>());
        Assert.Equal(("Weighted Value", "price"), (fields["weighted_value"]["label"]!.GetValue<string>(), fields["weighted_value"]["type"]!.GetValue<string>()));
        Assert.True(fields["date"]["read_only"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Get_object_meta_search_finds_an_existing_field_before_someone_builds_a_duplicate()
    {
        var answer = (await Host.Client.CallAsync("get_object_meta", new { object_type = "contacts", search = "webinar" })).Ok();
        var field = Assert.Single(answer["fields"]!.AsArray())!;
        Assert.Equal(("f1603", "Last Webinar Attended"), (field["name"]!.GetValue<string>(), field["label"]!.GetValue<string>()));

        var none = (await Host.Client.CallAsync("get_object_meta", new { object_type = "contacts", search = "shoe size" })).Ok();
        Assert.Empty(none["fields"]!.AsArray());
        Assert.Contains("No field of Contacts has 'shoe size'", none["note"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_object_meta_refuses_an_unknown_type_without_a_request()
    {
        var error = (await Host.Client.CallAsync("get_object_meta", new { object_type = "dealz" })).Error();
        Assert.Contains("Did you mean 'Deals'", error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }

    // ---------- count_objects ----------

    [Fact]
    public async Task Count_objects_counts_active_contacts_in_California()
    {
        var answer = (await Host.Client.CallAsync("count_objects", new { object_type = "contacts", condition = "state = CA AND Bulk Email Status IN (1, 2)" })).Ok();
        var expected = Host.DemoAccount.All(0).Count(c => c["state"] == "CA" && c["bulk_mail"] is "1" or "2");
        Assert.True(expected > 10);
        Assert.Equal(expected, answer["count"]!.GetValue<int>());
        Assert.Equal("state = \"CA\" AND bulk_mail (Bulk Email Status) IN (1 (Opted-in), 2 (Double opt-in))", answer["condition"]!.GetValue<string>());
        Assert.Single(Host.UpstreamRequests(), r => r.Path == "objects/getInfo");
    }

    [Fact]
    public async Task Count_objects_takes_sums_from_getInfo_and_derives_averages()
    {
        var answer = (await Host.Client.CallAsync("count_objects", new { object_type = "contacts", condition = "lifetime value is over $1000", sum = new[] { "Lifetime Value" }, average = new[] { "spent", "Visits" } })).Ok();
        var big = Host.DemoAccount.All(0).Where(c => decimal.Parse(c["spent"]!, CultureInfo.InvariantCulture) > 1000).ToList();
        var total = big.Sum(c => decimal.Parse(c["spent"]!, CultureInfo.InvariantCulture));
        Assert.Equal(big.Count, answer["count"]!.GetValue<int>());
        Assert.Equal(total, answer["sums"]!["spent (Lifetime Value)"]!.GetValue<decimal>());
        Assert.Equal(decimal.Round(total / big.Count, 2), answer["averages"]!["spent (Lifetime Value)"]!.GetValue<decimal>());
        var visits = big.Sum(c => decimal.Parse(c["visit"] ?? "0", CultureInfo.InvariantCulture));
        Assert.Equal(decimal.Round(visits / big.Count, 2), answer["averages"]!["visit (Visits)"]!.GetValue<decimal>());
        Assert.Contains($"computed from all {big.Count} matching records", answer["notes"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(answer["partial"]);
    }

    [Fact]
    public async Task Count_objects_computes_a_missing_sum_from_at_most_500_records_and_says_it_is_partial()
    {
        var logItems = Host.DemoAccount.Count(4);
        Assert.True(logItems > 500, $"the demo account has {logItems} log items");
        var answer = (await Host.Client.CallAsync("count_objects", new { object_type = "log items", average = new[] { "object_type_id" } })).Ok();
        Assert.Equal(logItems, answer["count"]!.GetValue<int>());
        Assert.True(answer["partial"]!.GetValue<bool>());
        Assert.Contains($"computed from the first 500 of {logItems} records only", answer["notes"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(10, Host.ListRequestsFor(4)); // 500 records, 50 per page
    }

    [Fact]
    public async Task Count_objects_answers_zero_for_no_match()
    {
        var answer = (await Host.Client.CallAsync("count_objects", new { object_type = "contacts", condition = "state = ZZ", sum = new[] { "spent" } })).Ok();
        Assert.Equal(0, answer["count"]!.GetValue<int>());
        Assert.Equal(0m, answer["sums"]!["spent (Lifetime Value)"]!.GetValue<decimal>());
    }

    [Theory]
    [InlineData("""{"object_type":"contacts","sum":["email"]}""", "only numeric and money fields")]
    [InlineData("""{"object_type":"contacts","average":["lifetime valu"]}""", "did you mean 'spent' (Lifetime Value)")]
    [InlineData("""{"object_type":"contacts","condition":"lifetime vale is over 1000"}""", "ield 'lifetime vale' is not on Contacts")]
    [InlineData("""{"object_type":"contacts","condition":"email is not null"}""", "no IS NOT NULL")]
    [InlineData("""{"object_type":"contacts","condition":"date added in the last fortnight"}""", "is not a date")]
    public async Task Count_objects_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.Client.CallAsync("count_objects", JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }

    // ---------- get_account_info ----------

    [Fact]
    public async Task Get_account_info_gives_the_account_number_time_zone_users_and_gateways_and_no_secrets()
    {
        var answer = (await Host.Client.CallAsync("get_account_info")).Ok();
        Assert.Equal(Host.DemoAccount.AccountId, answer["account_id"]!.GetValue<long>());
        var zone = answer["time_zone"]!;
        Assert.Equal(("America/Los_Angeles", "-08:00", "2026-11-18T09:00:00-08:00"),
            (zone["id"]!.GetValue<string>(), zone["utc_offset"]!.GetValue<string>(), zone["local_time"]!.GetValue<string>()));
        Assert.Equal("account owner (user 1)", zone["source"]!.GetValue<string>());
        var users = answer["users"]!.AsArray();
        Assert.Equal(4, users.Count);
        Assert.Equal(("Alex Morgan", "Account Owner"), (users[0]!["name"]!.GetValue<string>(), users[0]!["role"]!.GetValue<string>()));
        var gateways = answer["gateways"]!.AsArray();
        Assert.Equal(["Test Gateway", "Stripe", "PayPal"], gateways.Select(g => g!["name"]!.GetValue<string>()));
        Assert.True(gateways[0]!["test"]!.GetValue<bool>());
        Assert.Equal("Inactive", gateways[2]!["status"]!.GetValue<string>());
        var text = answer.ToJsonString();
        Assert.DoesNotContain("sandbox-key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("api_key", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Get_account_info_says_when_the_operator_set_the_time_zone()
    {
        await using var host = new ServerHost(Host.Clock, ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "4000"), ("ONTRAPORT_TIMEZONE", "Asia/Tokyo"));
        await using var client = await host.ConnectAsync();
        var zone = (await client.CallAsync("get_account_info")).Ok()["time_zone"]!;
        Assert.Equal(("Asia/Tokyo", "ONTRAPORT_TIMEZONE", "2026-11-19T02:00:00+09:00"),
            (zone["id"]!.GetValue<string>(), zone["source"]!.GetValue<string>(), zone["local_time"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Get_account_info_refuses_arguments_without_a_request()
    {
        var error = (await Host.Client.CallAsync("get_account_info", new { account = 1 })).Error();
        Assert.Contains("Unknown argument 'account'", error, StringComparison.Ordinal);
        Assert.Empty(Host.DemoAccount.Requests);
    }

    // ---------- get_groups ----------

    [Fact]
    public async Task Get_groups_lists_saved_groups_with_readable_filters_owners_and_member_counts()
    {
        var answer = (await Host.Client.CallAsync("get_groups", new { member_counts = true })).Ok();
        Assert.Equal(6, answer["count"]!.GetValue<int>());
        var groups = answer["items"]!.AsArray().ToDictionary(g => g!["name"]!.GetValue<string>(), g => g!.AsObject());
        Assert.Equal("spent (Lifetime Value) > 1000", groups["High-value customers"]["filter"]!.GetValue<string>());
        Assert.Equal("has tag 'webinar attendees'", groups["webinar attendees"]["filter"]!.GetValue<string>());
        Assert.Equal($"dla (Date of Last Activity) < {ServerHost.MidWeek.AddDays(-180):yyyy-MM-dd'T'HH:mm:ss'Z'}", groups["Inactive 6 months"]["filter"]!.GetValue<string>());
        Assert.Equal("Deals", groups["Open deals"]["object_type"]!.GetValue<string>());
        Assert.Equal(Host.DemoAccount.All(0).Count(c => c["state"] == "CA"), groups["California contacts"]["members"]!.GetValue<int>());
        Assert.Equal(Host.DemoAccount.All(0).Count(c => (c["contact_cat"] ?? "").Contains("*/*5*/*", StringComparison.Ordinal)), groups["webinar attendees"]["members"]!.GetValue<int>());
        Assert.All(groups.Values, g => Assert.Equal("Alex Morgan", g["owner"]!.GetValue<string>()));
        Assert.Equal(1, Host.ListRequestsFor(2)); // owners: one batched read for the page
    }

    [Fact]
    public async Task Get_groups_filters_by_type_and_name_and_says_when_nothing_matches()
    {
        var deals = (await Host.Client.CallAsync("get_groups", new { object_type = "deals" })).Ok();
        Assert.Equal(["Open deals"], deals["items"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()));

        var none = (await Host.Client.CallAsync("get_groups", new { search = "no such group" })).Ok();
        Assert.Equal(0, none["count"]!.GetValue<int>());
        Assert.Empty(none["items"]!.AsArray());
        Assert.Contains("No saved group matches", none["note"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"limit":0}""", "limit must be between 1 and 50")]
    [InlineData("""{"start":-1}""", "start must be 0 or more")]
    [InlineData("""{"object_type":"dealz"}""", "Did you mean 'Deals'")]
    public async Task Get_groups_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.Client.CallAsync("get_groups", JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }

    // ---------- build_api_condition ----------

    [Fact]
    public async Task Build_api_condition_turns_lifetime_value_over_1000_into_criteria_without_any_request()
    {
        var answer = (await Host.Client.CallAsync("build_api_condition", new { condition = "lifetime value is over $1000" })).Ok();
        const string criteria = """[{"field":{"field":"spent"},"op":">","value":{"value":1000}}]""";
        Assert.Equal(criteria, Compact(answer["criteria"]));
        Assert.Equal(criteria, answer["condition_parameter"]!.GetValue<string>());
        Assert.Equal("spent (Lifetime Value) > 1000", answer["understood"]!.GetValue<string>());
        Assert.Equal(("GET", "/1/objects", "0"), (answer["example_request"]!["method"]!.GetValue<string>(), answer["example_request"]!["path"]!.GetValue<string>(),
            answer["example_request"]!["query"]!["objectID"]!.GetValue<string>()));
        Assert.Empty(Host.UpstreamRequests());
    }

    [Fact]
    public async Task Build_api_condition_reads_relative_dates_in_the_accounts_time_zone()
    {
        var answer = (await Host.Client.CallAsync("build_api_condition", new { condition = "Date of Last Activity before six months ago OR date added = this month" })).Ok();
        var sixMonthsAgo = Unix(ServerHost.MidWeek.AddMonths(-6));
        var monthStart = Unix(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(-7)));
        var monthEnd = Unix(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(-8)));
        Assert.Equal(
            $$$"""[{"field":{"field":"dla"},"op":"<","value":{"value":{{{sixMonthsAgo}}}}},"OR",{"field":{"field":"date"},"op":">=","value":{"value":{{{monthStart}}}}},"AND",{"field":{"field":"date"},"op":"<","value":{"value":{{{monthEnd}}}}}]""",
            Compact(answer["criteria"]));
        Assert.StartsWith("America/Los_Angeles", answer["time_zone"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("2026-11-01T07:00:00Z", answer["understood"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_api_condition_checks_criteria_JSON_against_the_fields()
    {
        var answer = (await Host.Client.CallAsync("build_api_condition", new { object_type = "deals", condition = """[{"field":{"field":"value"},"op":">=","value":{"value":5000}}]""" })).Ok();
        Assert.Equal("value >= 5000", answer["understood"]!.GetValue<string>());
        Assert.Equal("Deals", answer["object_type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("lifetime vale > 1000", "did you mean 'spent' (Lifetime Value)")]
    [InlineData("(state = CA OR state = NY) AND spent > 100", "will not be re-associated silently")]
    [InlineData("email is not null", "no IS NOT NULL")]
    [InlineData("email does not contain acme", "no NOT LIKE")]
    [InlineData("NOT state = CA", "no negation")]
    [InlineData("spent > lots", "not a number")]
    public async Task Build_api_condition_explains_what_it_cannot_send_without_a_request(string condition, string expected)
    {
        var error = (await Host.Client.CallAsync("build_api_condition", new { condition })).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(Host.UpstreamRequests());
    }

    [Fact]
    public async Task Get_objects_and_delete_objects_read_the_same_readable_conditions()
    {
        var page = (await Host.Client.CallAsync("get_objects", new { object_type = "contacts", condition = "Lifetime Value at least $4,000", fields = new[] { "spent" } })).Ok();
        Assert.All(page["items"]!.AsArray(), c => Assert.True(c!["spent"]!.GetValue<decimal>() >= 4000));
        Assert.Equal(Host.DemoAccount.All(0).Count(c => decimal.Parse(c["spent"]!, CultureInfo.InvariantCulture) >= 4000), page["count"]!.GetValue<int>());

        var dry = (await Host.Client.CallAsync("delete_objects", new { object_type = "contacts", condition = "state is not in (CA, NY, TX, FL)", dry_run = true })).Ok();
        Assert.Contains("state NOT IN", dry["condition"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
