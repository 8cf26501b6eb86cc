using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>get_objects through the SDK's McpClient, the host and the sandbox: happy path, bad input, guard.</summary>
public class GetObjectsToolTests : CrudToolHost
{
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
}
