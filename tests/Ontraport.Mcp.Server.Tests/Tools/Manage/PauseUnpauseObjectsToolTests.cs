using System.Globalization;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>pause_unpause_objects end to end: automations, rules, sequences and sequence subscribers; refusals; the bulk cap.</summary>
public class PauseUnpauseObjectsToolTests : IAsyncLifetime
{
    private ServerHost Host { get; } = new(ServerHost.Weekend);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    [Fact]
    public async Task Pause_the_holiday_drip_automation_and_a_later_read_shows_it_paused()
    {
        var answer = (await Host.CallAsync("pause_unpause_objects", new { action = "pause", object_type = "automations", names = new[] { "holiday drip" } })).Ok();

        Assert.Equal(("Holiday Drip", 2L), (answer["paused"]![0]!["name"]!.GetValue<string>(), answer["paused"]![0]!["id"]!.GetValue<long>()));
        var write = Assert.Single(Host.Writes);
        Assert.Equal(("POST", "objects/pause"), (write.Method, write.Path));
        var automation = (await Host.CallAsync("get_objects", new { object_type = "automations", id = 2 })).Ok();
        Assert.Equal("Paused", automation["pause"]!.GetValue<string>());

        (await Host.CallAsync("pause_unpause_objects", new { action = "unpause", object_type = "campaigns", ids = new[] { 2 } })).Ok();
        Assert.Equal("0", Host.DemoAccount.Find(140, 2)!["pause"]);
    }

    [Fact]
    public async Task A_paused_rule_reads_as_paused_and_pausing_again_sends_nothing()
    {
        (await Host.CallAsync("pause_unpause_objects", new { action = "pause", object_type = "rules", ids = new[] { 4 } })).Ok();
        var rule = (await Host.CallAsync("get_objects", new { object_type = "rules", id = 4 })).Ok();
        Assert.Equal("Paused", rule["pause"]!.GetValue<string>());

        var again = (await Host.CallAsync("pause_unpause_objects", new { action = "pause", object_type = "rules", ids = new[] { 4 } })).Ok();
        Assert.Equal(4, again["already_paused"]![0]!["id"]!.GetValue<long>());
        Assert.Single(Host.Writes);
    }

    [Fact]
    public async Task Only_what_changes_is_sent()
    {
        var answer = (await Host.CallAsync("pause_unpause_objects", new { action = "unpause", object_type = "sequences", ids = new[] { 1, 5 } })).Ok();

        Assert.Equal(5, answer["unpaused"]![0]!["id"]!.GetValue<long>());
        Assert.Equal(1, answer["already_live"]![0]!["id"]!.GetValue<long>());
        Assert.Contains("ids=5", Assert.Single(Host.Writes).BodyText, StringComparison.Ordinal);
        Assert.Equal("0", Host.DemoAccount.Find(5, 5)!["pause"]);
    }

    [Fact]
    public async Task More_than_100_sequence_subscribers_need_confirm_count_before_any_request()
    {
        var ids = Host.DemoAccount.All(8).Select(r => long.Parse(r["id"]!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(101, ids.Length);

        var refused = (await Host.CallAsync("pause_unpause_objects", new { action = "pause", object_type = "sequence subscribers", ids })).Error();
        Assert.Contains("confirm_count: 101", refused, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);

        var done = (await Host.CallAsync("pause_unpause_objects", new { action = "pause", object_type = 8, ids, confirm_count = 101 })).Ok();
        Assert.Equal(101, done["records"]!.GetValue<int>());
        Assert.All(Host.DemoAccount.All(8), r => Assert.Equal("1", r["pause"]));
    }

    [Fact]
    public async Task Dry_run_shows_the_form_request_and_pauses_nothing()
    {
        var answer = (await Host.CallAsync("pause_unpause_objects", new { action = "pause", object_type = "automations", names = new[] { "Welcome" }, dry_run = true })).Ok();

        var request = answer["requests"]![0]!;
        Assert.Equal("/1/objects/pause", request["path"]!.GetValue<string>());
        Assert.Equal("""{"objectID":"140","ids":"1"}""", request["body"]!.ToJsonString());
        Assert.Empty(Host.Writes);
        Assert.Equal("0", Host.DemoAccount.Find(140, 1)!["pause"]);
    }

    [Fact]
    public async Task Unknown_ids_and_names_are_refused_before_any_write()
    {
        var id = (await Host.CallAsync("pause_unpause_objects", new { action = "pause", object_type = "rules", ids = new[] { 77 } })).Error();
        Assert.Contains("there is no rule with id 77", id, StringComparison.Ordinal);
        var name = (await Host.CallAsync("pause_unpause_objects", new { action = "pause", object_type = "automations", names = new[] { "Spring Drip" } })).Error();
        Assert.Contains("no automation is named 'Spring Drip'", name, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);
    }

    [Theory]
    [InlineData("""{"action":"pause","object_type":"contacts","ids":[1]}""", "Contacts (0) cannot be paused. pause_unpause_objects works on Automations (140), Sequences (5), Rules (6) and Sequence Subscribers (8)")]
    [InlineData("""{"action":"stop","object_type":"rules","ids":[1]}""", "action must be pause or unpause")]
    [InlineData("""{"action":"pause","object_type":"rules"}""", "Say which rules: ids or names")]
    [InlineData("""{"action":"pause","object_type":"sequence subscribers","names":["x"]}""", "Sequence subscribers have no names")]
    public async Task Bad_input_is_an_error_that_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.CallAsync("pause_unpause_objects", JsonNode.Parse(arguments))).Error();

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }
}
