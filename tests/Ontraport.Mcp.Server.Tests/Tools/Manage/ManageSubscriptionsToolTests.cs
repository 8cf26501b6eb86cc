using System.Text.Json.Nodes;
using static Ontraport.Mcp.Server.Tests.TestValues;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>manage_subscriptions end to end: sequences and automations by name or id, effects on later reads, the bulk cap, bad input.</summary>
public class ManageSubscriptionsToolTests : IAsyncLifetime
{
    private ServerHost Host { get; } = new(ServerHost.Weekend);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    [Fact]
    public async Task Enroll_John_Smith_in_the_onboarding_email_sequence()
    {
        var answer = (await Host.CallAsync("manage_subscriptions", new { action = "subscribe", sequence_names = new[] { "onboarding" }, contact = "John Smith" })).Ok();

        Assert.Equal(("New Member Onboarding", 2L), (answer["sequences"]![0]!["name"]!.GetValue<string>(), answer["sequences"]![0]!["id"]!.GetValue<long>()));
        Assert.Equal("The subscription is now being processed.", answer["ontraport"]!.GetValue<string>());
        var write = Assert.Single(Host.Writes);
        Assert.Equal(("PUT", "objects/subscribe"), (write.Method, write.Path));
        Assert.Contains("sub_type=Sequence", write.BodyText, StringComparison.Ordinal);

        var subscribers = (await Host.CallAsync("get_objects", new { object_type = "Sequence Subscribers", condition = "sequence_id = 2 AND object_id = 1" })).Ok();
        Assert.Equal(1, subscribers["count"]!.GetValue<int>());
        var john = (await Host.CallAsync("get_objects", new { object_type = "contacts", id = 1, fields = new[] { "updateSequence" } })).Ok();
        Assert.Contains(2, john["sequences"]!.AsArray().Select(s => s!["id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Enroll_Sarah_Johnson_in_the_Summer_Sale_sequence_by_email()
    {
        var answer = (await Host.CallAsync("manage_subscriptions", new { action = "subscribe", sequence_names = new[] { "Summer Sale" }, contact = "sarah@acme.com" })).Ok();

        Assert.Equal(3, answer["sequences"]![0]!["id"]!.GetValue<long>());
        Assert.Contains("3", ListOf(Host.DemoAccount.Find(0, 5)!["updateSequence"]));
    }

    [Fact]
    public async Task Automations_subscribe_and_unsubscribe_and_the_counters_follow()
    {
        var before = int.Parse(Host.DemoAccount.Find(140, 3)!["subs"]!, System.Globalization.CultureInfo.InvariantCulture);

        (await Host.CallAsync("manage_subscriptions", new { action = "subscribe", automation_names = new[] { "webinar registration" }, ids = new[] { 4, 6 } })).Ok();
        Assert.Equal((before + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), Host.DemoAccount.Find(140, 3)!["subs"]);
        Assert.Contains("3", ListOf(Host.DemoAccount.Find(0, 4)!["updateCampaign"]));
        Assert.Contains("sub_type=Campaign", Assert.Single(Host.Writes).BodyText, StringComparison.Ordinal);

        var removed = (await Host.CallAsync("manage_subscriptions", new { action = "unsubscribe", automation_ids = new[] { 3 }, ids = new[] { 4 } })).Ok();
        Assert.Equal(1, removed["changing"]!.GetValue<int>());
        Assert.DoesNotContain("3", ListOf(Host.DemoAccount.Find(0, 4)!["updateCampaign"]));
    }

    [Fact]
    public async Task Subscribing_to_a_paused_sequence_says_so()
    {
        var answer = (await Host.CallAsync("manage_subscriptions", new { action = "subscribe", sequence_ids = new[] { 5 }, contact = "4" })).Ok();

        Assert.Equal("paused", answer["sequences"]![0]!["status"]!.GetValue<string>());
        Assert.Contains("'Win-back Re-engagement' is paused", answer["paused"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Already_subscribed_records_cost_no_write()
    {
        var answer = (await Host.CallAsync("manage_subscriptions", new { action = "subscribe", sequence_ids = new[] { 1 }, contact = "1" })).Ok();

        Assert.Contains("already subscribed; nothing was sent", answer["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Host.Writes);
    }

    [Theory]
    [InlineData("""{"action":"subscribe","sequence_names":["Onboarding email sequence"],"contact":"1"}""", "no sequence is named 'Onboarding email sequence'. Some that exist: 1 'Welcome Series'")]
    [InlineData("""{"action":"subscribe","sequence_names":["e"],"contact":"1"}""", "'e' matches 5 sequences")]
    [InlineData("""{"action":"subscribe","sequence_ids":[42],"contact":"1"}""", "there is no sequence with id 42")]
    [InlineData("""{"action":"subscribe","automation_names":["Nope"],"contact":"1"}""", "no automation is named 'Nope'")]
    [InlineData("""{"action":"subscribe","sequence_ids":[1],"contact":"Nobody Atall"}""", "no contact is named 'Nobody Atall'")]
    [InlineData("""{"action":"subscribe","sequence_ids":[1],"group_id":6}""", "Group 6 'Open deals' holds Deals, not Contacts")]
    public async Task Unknown_names_are_errors_listing_candidates_and_nothing_is_written(string arguments, string expected)
    {
        var error = (await Host.CallAsync("manage_subscriptions", JsonNode.Parse(arguments))).Error();

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);
    }

    [Fact]
    public async Task A_group_of_more_than_100_needs_confirm_count()
    {
        var refused = (await Host.CallAsync("manage_subscriptions", new { action = "subscribe", sequence_ids = new[] { 3 }, group_id = 5 })).Error();
        Assert.Contains("confirm_count: 158", refused, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);

        var dry = (await Host.CallAsync("manage_subscriptions", new { action = "subscribe", sequence_ids = new[] { 3 }, group_id = 5, dry_run = true })).Ok();
        Assert.Contains("confirm_count: 158", dry["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("1", dry["requests"]![0]!["body"]!["performAll"]!.GetValue<string>());
        Assert.Empty(Host.Writes);

        (await Host.CallAsync("manage_subscriptions", new { action = "subscribe", sequence_ids = new[] { 3 }, group_id = 5, confirm_count = 158 })).Ok();
        var enrolled = (await Host.CallAsync("get_objects", new { object_type = "contacts", group_id = 5, condition = "updateSequence LIKE \"%*/*3*/*%\"", limit = 1 })).Ok();
        Assert.Equal(158, enrolled["count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"action":"join","sequence_ids":[1],"contact":"1"}""", "action must be subscribe or unsubscribe")]
    [InlineData("""{"action":"subscribe","contact":"1"}""", "Say what to subscribe to")]
    [InlineData("""{"action":"subscribe","sequence_ids":[1]}""", "Say which records")]
    [InlineData("""{"action":"subscribe","sequence_ids":[1],"ids":[1],"object_type":"tags"}""", "Tags records cannot be subscribed to sequences")]
    [InlineData("""{"action":"subscribe","sequence_ids":"1","contact":"1"}""", "Argument 'sequence_ids' must be an array of whole numbers")]
    public async Task Bad_input_is_an_error_that_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.CallAsync("manage_subscriptions", JsonNode.Parse(arguments))).Error();

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }
}
