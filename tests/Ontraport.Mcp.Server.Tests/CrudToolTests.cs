using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>Each CRUD tool through the SDK's McpClient, the host and the sandbox: happy path, bad input, guard.</summary>
public class CrudToolTests : IAsyncLifetime
{
    private readonly ServerHost _host = new();
    private ModelContextProtocol.Client.McpClient _client = null!;

    public async Task InitializeAsync() => _client = await _host.ConnectAsync();

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    private int UpstreamCount => _host.UpstreamRequests().Count;

    // ---------- get_objects ----------

    [Fact]
    public async Task Get_objects_pages_compact_records_with_count_and_next_start()
    {
        var page = (await _client.CallAsync("get_objects", new { object_type = "contacts", limit = 5, start = 5 })).Ok();
        Assert.Equal(200, page["count"]!.GetValue<int>());
        Assert.Equal(5, page["start"]!.GetValue<int>());
        Assert.Equal(5, page["returned"]!.GetValue<int>());
        Assert.Equal(10, page["next_start"]!.GetValue<int>());
        var first = page["items"]!.AsArray()[0]!.AsObject();
        Assert.Equal(6, first["id"]!.GetValue<int>());
        Assert.All(first, p => Assert.False(p.Value is null || p.Value.ToString() == "", $"{p.Key} is empty"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", first["date"]!.GetValue<string>());

        // Codes read as words wherever a field is shown.
        var mail = (await _client.CallAsync("get_objects", new { object_type = "contacts", limit = 1, fields = new[] { "bulk_mail" } })).Ok();
        Assert.Contains(mail["items"]![0]!["bulk_mail"]!.GetValue<string>(), new[] { "Transactional Only", "Opted-in", "Double opt-in", "Hard bounce", "Under review" }, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Get_objects_by_id_returns_the_record()
    {
        var record = (await _client.CallAsync("get_objects", new { object_type = "Contact", id = 5 })).Ok();
        Assert.Equal("sarah@acme.com", record["email"]!.GetValue<string>());
        Assert.Equal("Sarah", record["firstname"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_objects_takes_a_readable_condition_and_echoes_what_it_understood()
    {
        var page = (await _client.CallAsync("get_objects", new { object_type = "contacts", condition = "Lifetime Value > 1000 AND state = \"CA\"", fields = new[] { "firstname", "spent", "state" }, limit = 50 })).Ok();
        Assert.Contains("spent (Lifetime Value) > 1000", page["condition"]!.GetValue<string>(), StringComparison.Ordinal);
        var items = page["items"]!.AsArray();
        Assert.NotEmpty(items);
        Assert.Equal(page["count"]!.GetValue<int>(), items.Count);
        Assert.All(items, item =>
        {
            Assert.True(item!["spent"]!.GetValue<decimal>() > 1000);
            Assert.Equal("CA", item["state"]!.GetValue<string>());
            Assert.Equal(["id", "firstname", "spent", "state"], item.AsObject().Select(p => p.Key));
        });
    }

    [Fact]
    public async Task Get_objects_takes_criteria_JSON_as_well()
    {
        var criteria = new JsonArray(new JsonObject { ["field"] = new JsonObject { ["field"] = "email" }, ["op"] = "=", ["value"] = new JsonObject { ["value"] = "mike@oldcompany.com" } });
        var page = (await _client.CallAsync("get_objects", new { object_type = 0, condition = criteria })).Ok();
        Assert.Equal(4, page["items"]![0]!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_objects_reads_deals_by_name_and_signed_up_in_the_last_30_days()
    {
        var deals = (await _client.CallAsync("get_objects", new { object_type = "deals", id = 1234 })).Ok();
        Assert.Contains("Acme", deals["name"]!.GetValue<string>(), StringComparison.Ordinal);

        var recent = (await _client.CallAsync("get_objects", new { object_type = "contacts", condition = "date within last 30 days", limit = 50 })).Ok();
        Assert.Equal(14, recent["count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"object_type":"contcts"}""", "Did you mean 'Contacts'")]
    [InlineData("""{"object_type":"contacts","condition":"lifetime_valu > 1000"}""", "did you mean 'spent' (Lifetime Value)")]
    [InlineData("""{"object_type":"contacts","condition":"(state = CA OR state = NY) AND spent > 1"}""", "OR inside an AND")]
    [InlineData("""{"object_type":"contacts","fields":["nope"]}""", "field 'nope' is not on Contacts")]
    [InlineData("""{"object_type":"contacts","sort_dir":"sideways"}""", "sort_dir must be asc or desc")]
    [InlineData("""{"object_type":"contacts","ids":"1,2"}""", "Argument 'ids' must be an array of whole numbers")]
    [InlineData("""{"object_type":"contacts","limit":0}""", "limit must be between 1 and 50")]
    [InlineData("""{"object_type":"contacts","condition":[{"field":{"field":"Lifetime Value"},"op":">","value":{"value":1}}]}""", "use 'spent'")]
    [InlineData("""{"object_type":"users"}""", "Unknown object type 'users'")]
    [InlineData("""{"objecttype":"contacts"}""", "Did you mean 'object_type'")]
    public async Task Get_objects_bad_input_is_an_error_that_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await _client.CallAsync("get_objects", JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, UpstreamCount);
    }

    [Fact]
    public async Task Get_objects_refuses_a_limit_over_fifty_as_its_schema_says()
    {
        var error = (await _client.CallAsync("get_objects", new { object_type = "contacts", limit = 500 })).Error();
        Assert.Contains("limit must be between 1 and 50, not 500.", error, StringComparison.Ordinal);
    }

    // ---------- saveorupdate_object ----------

    [Fact]
    public async Task Saveorupdate_merges_an_existing_contact_by_email_and_reports_only_changes()
    {
        var answer = (await _client.CallAsync("saveorupdate_object", new { object_type = "contacts", values = new { email = "sarah@acme.com", firstname = "Sarah", lastname = "Johnson", title = "COO" } })).Ok();
        Assert.False(answer["created"]!.GetValue<bool>());
        Assert.Equal(5, answer["merged_into"]!.GetValue<int>());
        Assert.Equal("COO", answer["changed"]!["title"]!.GetValue<string>());
        Assert.Equal("COO", _host.DemoAccount.Find(0, 5)!["title"]);
        Assert.Equal(200, _host.DemoAccount.Count(0));
    }

    [Fact]
    public async Task Saveorupdate_creates_a_new_contact_once()
    {
        var answer = (await _client.CallAsync("saveorupdate_object", new { object_type = "contacts", values = new { email = "new.person@example.com", firstname = "New", bulk_mail = "opted-in" } })).Ok();
        Assert.True(answer["created"]!.GetValue<bool>());
        var id = answer["id"]!.GetValue<long>();
        Assert.Equal("1", _host.DemoAccount.Find(0, id)!["bulk_mail"]);
        Assert.Single(_host.UpstreamRequests(), r => r.Path == "objects/saveorupdate");
    }

    [Fact]
    public async Task Saveorupdate_without_an_email_is_refused_before_sending()
    {
        var error = (await _client.CallAsync("saveorupdate_object", new { object_type = "contacts", values = new { firstname = "Nobody" } })).Error();
        Assert.Contains("needs an email", error, StringComparison.Ordinal);
        Assert.Equal(0, UpstreamCount);
    }

    [Fact]
    public async Task Saveorupdate_rejects_unknown_fields_and_bad_values_all_at_once()
    {
        var error = (await _client.CallAsync("saveorupdate_object", new { object_type = "contacts", values = new { email = "not-an-email", lifetime_valu = 5, birthday = "someday" } })).Error();
        Assert.Contains("'not-an-email' is not an email address", error, StringComparison.Ordinal);
        Assert.Contains("did you mean 'spent' (Lifetime Value)", error, StringComparison.Ordinal);
        Assert.Contains("'someday' is not a date", error, StringComparison.Ordinal);
        Assert.Equal(0, UpstreamCount);
    }

    // ---------- create_object ----------

    [Fact]
    public async Task Create_object_creates_a_company_and_returns_it()
    {
        var answer = (await _client.CallAsync("create_object", new { object_type = "companies", values = new { name = "Globex Inc" } })).Ok();
        var id = answer["id"]!.GetValue<long>();
        Assert.Equal("Globex Inc", answer["record"]!["name"]!.GetValue<string>());
        Assert.Equal("Globex Inc", _host.DemoAccount.Find(150, id)!["name"]);
    }

    [Fact]
    public async Task Create_object_refuses_a_duplicate_contact_email_unless_allowed()
    {
        var error = (await _client.CallAsync("create_object", new { object_type = "contacts", values = new { email = "john.smith@example.com" } })).Error();
        Assert.Contains("Contact 1 already has the email", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.UpstreamRequests(), r => r.Method == "POST");

        var forced = (await _client.CallAsync("create_object", new { object_type = "contacts", values = new { email = "john.smith@example.com" }, allow_duplicate = true })).Ok();
        Assert.NotEqual(1, forced["id"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("invoices", "create_invoice")]
    [InlineData("payments", "process_transaction")]
    [InlineData("orders", "update_order")]
    [InlineData("sequences", "manage_subscriptions")]
    [InlineData("tasks", "assign_task")]
    public async Task Create_object_refuses_types_that_change_only_through_specialized_tools(string type, string tool)
    {
        var error = (await _client.CallAsync("create_object", new { object_type = type, values = new { name = "x" } })).Error();
        Assert.Contains(tool, error, StringComparison.Ordinal);
        Assert.Equal(0, UpstreamCount);
    }

    [Fact]
    public async Task Create_object_dry_run_returns_the_exact_request_and_sends_nothing()
    {
        var answer = (await _client.CallAsync("create_object", new { object_type = "deals", values = new { name = "Big deal" }, dry_run = true })).Ok();
        var request = answer["requests"]![0]!;
        Assert.Equal("POST", request["method"]!.GetValue<string>());
        Assert.Equal("/1/objects", request["path"]!.GetValue<string>());
        Assert.Equal(149, request["body"]!["objectID"]!.GetValue<int>());
        Assert.Equal("Big deal", request["body"]!["name"]!.GetValue<string>());
        Assert.DoesNotContain(_host.UpstreamRequests(), r => r.Method != "GET");
    }

    // ---------- update_object ----------

    [Fact]
    public async Task Update_object_by_unique_email_changes_the_phone()
    {
        var answer = (await _client.CallAsync("update_object", new { object_type = "contacts", match = new { email = "john.smith@example.com" }, values = new { office_phone = "555-1234" } })).Ok();
        Assert.Equal(1, answer["id"]!.GetValue<int>());
        Assert.Equal("555-1234", answer["changed"]!["office_phone"]!.GetValue<string>());
        Assert.Equal("555-1234", _host.DemoAccount.Find(0, 1)!["office_phone"]);
    }

    [Fact]
    public async Task Update_object_moves_deal_1234_to_a_stage_by_its_label()
    {
        var guess = (await _client.CallAsync("update_object", new { object_type = "deals", id = 1234, values = new { stage = "Negotiation" } })).Error();
        Assert.Contains("did you mean 'sales_stage' (Sales Stage)", guess, StringComparison.Ordinal);

        var answer = (await _client.CallAsync("update_object", new { object_type = "deals", id = 1234, values = new { sales_stage = "Negotiation" } })).Ok();
        Assert.Equal("Negotiation", answer["changed"]!["sales_stage"]!.GetValue<string>());
        var stored = _host.DemoAccount.Find(149, 1234)!["sales_stage"];
        Assert.NotEqual("Negotiation", stored); // stored as the option's key, shown as its label
    }

    [Fact]
    public async Task Update_object_says_when_nothing_changed()
    {
        var answer = (await _client.CallAsync("update_object", new { object_type = "contacts", id = 1, values = new { firstname = "John" } })).Ok();
        Assert.Contains("No field changed", answer["note"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"object_type":"contacts","values":{"firstname":"X"}}""", "Give the record's id, or match")]
    [InlineData("""{"object_type":"contacts","id":1,"match":{"email":"a@b.co"},"values":{"firstname":"X"}}""", "either id or match")]
    [InlineData("""{"object_type":"contacts","id":1,"values":{"id":5}}""", "'id' is set by Ontraport")]
    [InlineData("""{"object_type":"contacts","id":1,"values":{}}""", "values must be an object")]
    [InlineData("""{"object_type":"invoices","id":1234,"values":{"total":1}}""", "create_invoice, update_invoice")]
    [InlineData("""{"object_type":"rules","id":1,"values":{"name":"x"}}""", "pause_unpause_objects")]
    [InlineData("""{"object_type":"contacts","id":1,"values":{"bulk_mail":"subscribed"}}""", "is not one of its options")]
    public async Task Update_object_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await _client.CallAsync("update_object", JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, UpstreamCount);
    }

    [Fact]
    public async Task Update_object_with_an_unknown_email_says_so()
    {
        var error = (await _client.CallAsync("update_object", new { object_type = "contacts", match = new { email = "ghost@nowhere.example" }, values = new { firstname = "X" } })).Error();
        Assert.Contains("No contact has the email", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.UpstreamRequests(), r => r.Method == "PUT");
    }

    // ---------- delete_object ----------

    [Fact]
    public async Task Delete_object_deletes_and_says_what_it_deleted()
    {
        var answer = (await _client.CallAsync("delete_object", new { object_type = "contacts", id = 4 })).Ok();
        Assert.Equal("mike@oldcompany.com", answer["record"]!["email"]!.GetValue<string>());
        Assert.Null(_host.DemoAccount.Find(0, 4));
    }

    [Fact]
    public async Task Delete_object_dry_run_deletes_nothing()
    {
        var answer = (await _client.CallAsync("delete_object", new { object_type = "contacts", id = 4, dry_run = true })).Ok();
        Assert.Equal("DELETE", answer["requests"]![0]!["method"]!.GetValue<string>());
        Assert.Equal("mike@oldcompany.com", answer["would_delete"]!["email"]!.GetValue<string>());
        Assert.NotNull(_host.DemoAccount.Find(0, 4));
    }

    [Theory]
    [InlineData("contacts", 99999, "no contact with id 99999")]
    [InlineData("orders", 1, "cancel_subscription")]
    [InlineData("tags", -1, "no tag with id -1")]
    public async Task Delete_object_refusals(string type, long id, string expected)
    {
        var error = (await _client.CallAsync("delete_object", new { object_type = type, id })).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.UpstreamRequests(), r => r.Method == "DELETE");
    }

    // ---------- delete_objects ----------

    [Fact]
    public async Task Delete_objects_with_nothing_selected_is_ignored_without_any_request()
    {
        var answer = (await _client.CallAsync("delete_objects", new { object_type = "contacts" })).Ok();
        Assert.True(answer["ignored"]!.GetValue<bool>());
        Assert.Empty(_host.DemoAccount.Requests);
        Assert.Equal(200, _host.DemoAccount.Count(0));
    }

    [Fact]
    public async Task Delete_objects_whose_condition_matches_everything_is_ignored()
    {
        var answer = (await _client.CallAsync("delete_objects", new { object_type = "contacts", condition = "id > 0" })).Ok();
        Assert.True(answer["ignored"]!.GetValue<bool>());
        Assert.Equal(200, _host.DemoAccount.Count(0));
        Assert.DoesNotContain(_host.UpstreamRequests(), r => r.Method == "DELETE");
    }

    [Fact]
    public async Task Delete_objects_by_ids_deletes_those()
    {
        var answer = (await _client.CallAsync("delete_objects", new { object_type = "contacts", ids = new[] { 198, 199, 200 } })).Ok();
        Assert.Equal(3, answer["deleted"]!.GetValue<int>());
        Assert.Equal(197, _host.DemoAccount.Count(0));
    }

    [Fact]
    public async Task Delete_objects_above_100_needs_confirm_count_equal_to_the_matches()
    {
        var refused = (await _client.CallAsync("delete_objects", new { object_type = "contacts", condition = "id > 50" })).Error();
        Assert.Contains("confirm_count: 150", refused, StringComparison.Ordinal);
        var wrong = (await _client.CallAsync("delete_objects", new { object_type = "contacts", condition = "id > 50", confirm_count = 149 })).Error();
        Assert.Contains("confirm_count is 149 but", wrong, StringComparison.Ordinal);
        Assert.Equal(200, _host.DemoAccount.Count(0));

        var done = (await _client.CallAsync("delete_objects", new { object_type = "contacts", condition = "id > 50", confirm_count = 150 })).Ok();
        Assert.Equal(150, done["deleted"]!.GetValue<int>());
        Assert.Equal(50, _host.DemoAccount.Count(0));
    }

    [Fact]
    public async Task Delete_objects_dry_run_counts_and_deletes_nothing()
    {
        var answer = (await _client.CallAsync("delete_objects", new { object_type = "contacts", condition = "dla < 365 days ago", dry_run = true })).Ok();
        Assert.True(answer["dry_run"]!.GetValue<bool>());
        Assert.True(answer["matching"]!.GetValue<int>() >= 0);
        Assert.Equal(200, _host.DemoAccount.Count(0));
    }
}

public class ManualClockHostTests
{
    [Fact]
    public async Task A_host_can_run_on_a_manual_clock_shared_with_its_sandbox()
    {
        var time = new Ontraport.Testing.FakeClock(new DateTimeOffset(2030, 1, 15, 12, 0, 0, TimeSpan.Zero));
        await using var host = new ServerHost(time);
        await using var client = await host.ConnectAsync();
        Assert.Equal(new DateTimeOffset(2030, 1, 15, 12, 0, 0, TimeSpan.Zero), host.DemoAccount.CreatedAt);
        var recent = (await client.CallAsync("get_objects", new { object_type = "contacts", condition = "date within last 30 days", limit = 1 })).Ok();
        Assert.Equal(14, recent["count"]!.GetValue<int>());
    }
}

public class RecordShapingTests
{
    [Theory]
    [InlineData("0", null)]
    [InlineData("-80006400", "1967-06-20T00:00:00Z")]
    [InlineData("1538603619", "2018-10-03T21:53:39Z")]
    [InlineData("1760692451492", "2025-10-17T09:14:11Z")]
    public void Dates_only_treat_zero_as_unset(string stored, string? shown) =>
        Assert.Equal(shown, Ontraport.Mcp.Server.Tools.Shaping.RecordShaper.Date(stored));
}
