namespace Ontraport.Mcp.Server.Tests;

/// <summary>delete_objects through the SDK's McpClient, the host and the sandbox: happy path, bad input, guard.</summary>
public class DeleteObjectsToolTests : CrudToolHost
{
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
