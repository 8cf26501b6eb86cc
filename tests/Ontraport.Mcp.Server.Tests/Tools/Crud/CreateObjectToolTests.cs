namespace Ontraport.Mcp.Server.Tests;

/// <summary>create_object through the SDK's McpClient, the host and the sandbox: happy path, bad input, guard.</summary>
public class CreateObjectToolTests : CrudToolHost
{
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
}
