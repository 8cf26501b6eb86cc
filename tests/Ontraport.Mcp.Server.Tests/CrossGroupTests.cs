namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Effects made by one toolset, read back through another: what an agent does in a conversation ("tag him, then who is
/// on the tag?"). Each test uses its own host and sandbox.
/// </summary>
public class CrossGroupTests : IAsyncLifetime
{
    private readonly ServerHost _host = new(("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "100000"));
    private ModelContextProtocol.Client.McpClient _client = null!;

    public async Task InitializeAsync() => _client = await _host.ConnectAsync();

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Money_means_the_same_in_a_write_and_in_a_condition()
    {
        // The same text the condition parser reads ("$1.5k") is written as 1500.00, then found by the same condition.
        (await _client.CallAsync("update_object", new { object_type = "contacts", id = 1, values = new { spent = "$1.5k" } })).Ok();
        Assert.Equal("1500.00", _host.DemoAccount.Find(0, 1)!["spent"]);
        var found = (await _client.CallAsync("get_objects", new { object_type = "contacts", condition = "id = 1 AND spent = $1.5k" })).Ok();
        Assert.Equal(1, found["count"]!.GetValue<int>());

        // Money is kept to the cent in both: 19.999 is refused, not rounded to 20.00.
        var write = (await _client.CallAsync("update_object", new { object_type = "contacts", id = 1, values = new { spent = 19.999 } })).Error();
        Assert.Contains("more than two decimals", write, StringComparison.Ordinal);
        Assert.Equal("1500.00", _host.DemoAccount.Find(0, 1)!["spent"]);
        var condition = (await _client.CallAsync("get_objects", new { object_type = "contacts", condition = "spent > 19.999" })).Error();
        Assert.Contains("more than two decimals", condition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_added_with_manage_tags_is_seen_by_get_subscribers_and_get_objects()
    {
        var vip = _host.DemoAccount.All(14).Single(t => t["tag_name"] == "vip")["id"]!;
        var contact = _host.DemoAccount.All(0).First(c => !(c["contact_cat"] ?? "").Contains($"*/*{vip}*/*", StringComparison.Ordinal));
        var id = long.Parse(contact["id"]!, System.Globalization.CultureInfo.InvariantCulture);
        var before = (await _client.CallAsync("get_subscribers", new { tag = "vip", limit = 50 })).Ok()["count"]!.GetValue<int>();

        (await _client.CallAsync("manage_tags", new { action = "add", tag_names = new[] { "vip" }, contact = contact["email"] })).Ok();

        var after = (await _client.CallAsync("get_subscribers", new { tag = "vip", limit = 50 })).Ok();
        Assert.Equal(before + 1, after["count"]!.GetValue<int>());
        var read = (await _client.CallAsync("get_objects", new { object_type = "contacts", id, fields = new[] { "contact_cat" } })).Ok();
        Assert.Contains(read["tags"]!.AsArray(), t => t!["id"]!.ToString() == vip);
    }

    [Fact]
    public async Task A_task_completed_with_complete_task_shows_in_get_recent_tasks_with_its_outcome()
    {
        (await _client.CallAsync("complete_task", new { contact = "Jane Doe", task_message = "follow-up call", outcome = "interested" })).Ok();
        var tasks = (await _client.CallAsync("get_recent_tasks", new { status = "completed", contact = "Jane Doe" })).Ok();
        var completed = tasks["items"]!.AsArray().Single(t => t!["id"]!.GetValue<long>() == 4802)!;
        Assert.Contains("interested", completed.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_rule_paused_with_pause_unpause_objects_reads_as_paused()
    {
        var rule = _host.DemoAccount.All(6).First(r => r["pause"] == "0");
        (await _client.CallAsync("pause_unpause_objects", new { action = "pause", object_type = "rules", ids = new[] { long.Parse(rule["id"]!, System.Globalization.CultureInfo.InvariantCulture) } })).Ok();
        var read = (await _client.CallAsync("get_objects", new { object_type = "rules", id = long.Parse(rule["id"]!, System.Globalization.CultureInfo.InvariantCulture), fields = new[] { "pause" } })).Ok();
        Assert.NotEqual("0", read["pause"]?.ToString() ?? "0");
    }

    [Fact]
    public async Task A_contact_enrolled_with_manage_subscriptions_is_seen_by_get_subscribers()
    {
        var before = (await _client.CallAsync("get_subscribers", new { sequence = "Summer Sale", limit = 50 })).Ok()["count"]!.GetValue<int>();
        (await _client.CallAsync("manage_subscriptions", new { action = "subscribe", sequence_names = new[] { "Summer Sale" }, contact = "mike@oldcompany.com" })).Ok();
        var after = (await _client.CallAsync("get_subscribers", new { sequence = "Summer Sale", limit = 50 })).Ok();
        Assert.Equal(before + 1, after["count"]!.GetValue<int>());
        Assert.Contains(after["items"]!.AsArray(), i => i!.ToJsonString().Contains("mike@oldcompany.com", StringComparison.Ordinal) || i["id"]?.GetValue<long>() == 4);
    }

    [Fact]
    public async Task An_invoice_created_as_a_draft_then_finalized_moves_from_draft_to_open_in_get_invoices()
    {
        var created = (await _client.CallAsync("create_invoice", new { contact = "John Smith", products = new[] { new { product_id = 3, price = 500 } }, total = 500 })).Ok();
        var id = created["invoice"]!["id"]!.GetValue<long>();
        Assert.Equal("draft", created["invoice"]!["status"]!.GetValue<string>());
        var drafts = (await _client.CallAsync("get_invoices", new { contact = "John Smith", status = "draft" })).Ok();
        Assert.Contains(drafts["items"]!.AsArray(), i => i!["id"]!.GetValue<long>() == id && i["total"]!.GetValue<string>() == "500.00 USD");

        (await _client.CallAsync("update_invoice", new { invoice_id = id, status = "open" })).Ok();
        var open = (await _client.CallAsync("get_invoices", new { contact = "John Smith", status = "open" })).Ok();
        Assert.Contains(open["items"]!.AsArray(), i => i!["id"]!.GetValue<long>() == id);
        drafts = (await _client.CallAsync("get_invoices", new { contact = "John Smith", status = "draft" })).Ok();
        Assert.DoesNotContain(drafts["items"]!.AsArray(), i => i!["id"]!.GetValue<long>() == id);
    }
}
