namespace Ontraport.Mcp.Server.Tests;

/// <summary>delete_object through the SDK's McpClient, the host and the sandbox: happy path, bad input, guard.</summary>
public class DeleteObjectToolTests : CrudToolHost
{
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
}
