using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>update_object through the SDK's McpClient, the host and the sandbox: happy path, bad input, guard.</summary>
public class UpdateObjectToolTests : CrudToolHost
{
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
}
