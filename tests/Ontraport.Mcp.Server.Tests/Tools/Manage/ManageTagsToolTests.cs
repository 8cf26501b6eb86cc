using System.Text.Json.Nodes;
using static Ontraport.Mcp.Server.Tests.TestValues;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>manage_tags end to end: by name and id, contact, ids and groups, other object types, the bulk cap, dry runs, bad input.</summary>
public class ManageTagsToolTests : IAsyncLifetime
{
    private ServerHost Host { get; } = new(ServerHost.Weekend);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    [Fact]
    public async Task Tag_John_Smith_as_a_warm_lead_and_a_later_read_sees_it()
    {
        var answer = (await Host.CallAsync("manage_tags", new { action = "add", tag_names = new[] { "Warm Lead" }, contact = "John Smith" })).Ok();

        Assert.Equal(1, answer["contact"]!["id"]!.GetValue<long>());
        Assert.Equal(3, answer["tags"]![0]!["id"]!.GetValue<long>());
        Assert.Equal("warm lead", answer["tags"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(1, answer["changing"]!.GetValue<int>());
        Assert.Equal("The tag is now being processed.", answer["ontraport"]!.GetValue<string>());
        Assert.Contains("3", ListOf(Host.DemoAccount.Find(0, 1)!["contact_cat"]));

        var contact = (await Host.CallAsync("get_objects", new { object_type = "contacts", id = 1, fields = new[] { "contact_cat" } })).Ok();
        Assert.Contains(3, contact["tags"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()));
        var subscribers = (await Host.CallAsync("get_objects", new { object_type = "Tag Subscribers", condition = "tag_id = 3 AND object_id = 1" })).Ok();
        Assert.Equal(1, subscribers["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Tag_everyone_in_the_webinar_attendees_group_as_warm_lead()
    {
        var before = (await Host.CallAsync("get_objects", new { object_type = "contacts", group_id = 1, limit = 1 })).Ok()["count"]!.GetValue<int>();

        var answer = (await Host.CallAsync("manage_tags", new { action = "add", tag_names = new[] { "warm lead" }, group_id = 1 })).Ok();

        Assert.Equal("webinar attendees", answer["group"]!["name"]!.GetValue<string>());
        Assert.Equal(before, answer["records"]!.GetValue<int>());
        var write = Assert.Single(Host.Writes);
        Assert.Equal(("PUT", "objects/tagByName"), (write.Method, write.Path));
        Assert.Contains("\"performAll\":1", write.BodyText, StringComparison.Ordinal);
        var warm = (await Host.CallAsync("get_objects", new { object_type = "contacts", group_id = 1, condition = "contact_cat LIKE \"%*/*3*/*%\"", limit = 1 })).Ok();
        Assert.Equal(before, warm["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Adding_a_new_name_creates_the_tag_and_removing_by_id_takes_tags_off()
    {
        var added = (await Host.CallAsync("manage_tags", new { action = "add", tag_names = new[] { "Q4 prospects" }, ids = new[] { 4, 5 } })).Ok();
        Assert.Equal("Q4 prospects", added["created_tags"]![0]!.GetValue<string>());
        var tag = Host.DemoAccount.All(14)[^1];
        Assert.Equal("Q4 prospects", tag["tag_name"]);
        Assert.Contains(tag["id"], ListOf(Host.DemoAccount.Find(0, 5)!["contact_cat"]));

        var removed = (await Host.CallAsync("manage_tags", new { action = "remove", tag_ids = new[] { 2 }, ids = new[] { 1, 6 } })).Ok();
        Assert.Equal(2, removed["changing"]!.GetValue<int>());
        Assert.DoesNotContain("2", ListOf(Host.DemoAccount.Find(0, 1)!["contact_cat"]));
        Assert.DoesNotContain("2", ListOf(Host.DemoAccount.Find(0, 6)!["contact_cat"]));
        Assert.DoesNotContain(Host.DemoAccount.All(138), r => r["tag_id"] == "2" && r["object_id"] is "1" or "6");
    }

    [Fact]
    public async Task Deals_carry_their_own_tags()
    {
        var answer = (await Host.CallAsync("manage_tags", new { action = "add", object_type = "deals", tag_names = new[] { "hot" }, ids = new[] { 1234 } })).Ok();

        Assert.Equal("Deals", answer["object_type"]!.GetValue<string>());
        var tag = Host.DemoAccount.All(14)[^1];
        Assert.Equal(("hot", "149"), (tag["tag_name"], tag["object_type_id"]));
        Assert.Contains(tag["id"], ListOf(Host.DemoAccount.Find(149, 1234)!["contact_cat"]));

        var wrongType = (await Host.CallAsync("manage_tags", new { action = "add", object_type = "deals", tag_ids = new[] { 3 }, ids = new[] { 1234 } })).Error();
        Assert.Contains("tag 3 'warm lead' belongs to Contacts, not Deals", wrongType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_that_already_has_the_tag_costs_no_write()
    {
        var answer = (await Host.CallAsync("manage_tags", new { action = "add", tag_ids = new[] { 1 }, contact = "john.smith@example.com" })).Ok();

        Assert.Contains("already has these tags; nothing was sent", answer["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Host.Writes);
    }

    [Fact]
    public async Task Removing_an_unknown_tag_name_is_an_error_that_suggests_the_right_one()
    {
        var error = (await Host.CallAsync("manage_tags", new { action = "remove", tag_names = new[] { "warm leads" }, contact = "1" })).Error();

        Assert.Contains("no contact tag is named 'warm leads'", error, StringComparison.Ordinal);
        Assert.Contains("did you mean 'warm lead' (3)?", error, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);
    }

    [Fact]
    public async Task Unknown_tag_ids_and_record_ids_are_refused_before_any_write()
    {
        var tagError = (await Host.CallAsync("manage_tags", new { action = "add", tag_ids = new[] { 99 }, ids = new[] { 1 } })).Error();
        Assert.Contains("there is no tag with id 99", tagError, StringComparison.Ordinal);
        Assert.Contains("3 'warm lead'", tagError, StringComparison.Ordinal);

        var idError = (await Host.CallAsync("manage_tags", new { action = "add", tag_ids = new[] { 3 }, ids = new[] { 1, 9999 } })).Error();
        Assert.Contains("there is no contact with id 9999", idError, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);
    }

    [Fact]
    public async Task Tagging_more_than_100_records_needs_confirm_count_equal_to_the_group_size()
    {
        var refused = (await Host.CallAsync("manage_tags", new { action = "add", tag_ids = new[] { 6 }, group_id = 5 })).Error();
        Assert.Contains("This would tag 158 records", refused, StringComparison.Ordinal);
        Assert.Contains("confirm_count: 158", refused, StringComparison.Ordinal);
        var wrong = (await Host.CallAsync("manage_tags", new { action = "add", tag_ids = new[] { 6 }, group_id = 5, confirm_count = 100 })).Error();
        Assert.Contains("confirm_count is 100 but the call would tag 158 records", wrong, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);

        var done = (await Host.CallAsync("manage_tags", new { action = "add", tag_ids = new[] { 6 }, group_id = 5, confirm_count = 158 })).Ok();
        Assert.Equal(158, done["records"]!.GetValue<int>());
        Assert.Single(Host.Writes);
    }

    [Fact]
    public async Task More_than_100_ids_also_need_confirm_count()
    {
        var ids = Enumerable.Range(1, 120).ToArray();

        var refused = (await Host.CallAsync("manage_tags", new { action = "add", tag_ids = new[] { 11 }, ids })).Error();
        Assert.Contains("confirm_count: 120", refused, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);

        (await Host.CallAsync("manage_tags", new { action = "add", tag_ids = new[] { 11 }, ids, confirm_count = 120 })).Ok();
        Assert.All(ids, id => Assert.Contains("11", ListOf(Host.DemoAccount.Find(0, id)!["contact_cat"])));
    }

    [Fact]
    public async Task Dry_run_returns_the_exact_request_and_changes_nothing()
    {
        var answer = (await Host.CallAsync("manage_tags", new { action = "add", tag_names = new[] { "vip", "New Tag" }, ids = new[] { 4 }, dry_run = true })).Ok();

        var request = answer["requests"]![0]!;
        Assert.Equal("PUT", request["method"]!.GetValue<string>());
        Assert.Equal("/1/objects/tagByName", request["path"]!.GetValue<string>());
        Assert.Equal("""{"objectID":0,"add_names":["vip","New Tag"],"ids":[4]}""", request["body"]!.ToJsonString());
        Assert.Equal("New Tag", answer["would_create_tags"]![0]!.GetValue<string>());
        Assert.Empty(Host.Writes);
        Assert.Equal(12, Host.DemoAccount.Count(14));
    }

    [Theory]
    [InlineData("""{"action":"toggle","tag_ids":[3],"ids":[1]}""", "action must be add or remove")]
    [InlineData("""{"action":"add","ids":[1]}""", "Give the tags")]
    [InlineData("""{"action":"add","tag_ids":[3]}""", "Say which records")]
    [InlineData("""{"action":"add","tag_ids":[3],"ids":[1],"contact":"John Smith"}""", "only one of ids, contact or group_id")]
    [InlineData("""{"action":"add","tag_ids":[3],"contact":"John Smith","object_type":"deals"}""", "give the deals ids instead")]
    [InlineData("""{"action":"add","tag_ids":[3],"ids":[1],"object_type":"tasks"}""", "Tasks records carry no tags")]
    [InlineData("""{"action":"add","tag_names":[" "],"ids":[1]}""", "tag_names has an empty name")]
    [InlineData("""{"action":"add","tag_ids":[0],"ids":[1]}""", "tag_ids: 0 is not a record id")]
    [InlineData("""{"action":"add","tag_ids":[3],"ids":[1],"object_type":"gizmos"}""", "Unknown object type 'gizmos'")]
    public async Task Bad_input_is_an_error_that_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.CallAsync("manage_tags", JsonNode.Parse(arguments))).Error();

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }
}
