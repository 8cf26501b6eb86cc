using System.Net;

namespace Ontraport.Sandbox.Tests;

/// <summary>Tags, sequences, automations and pause/unpause, and the join tables they keep consistent.</summary>
public class MembershipTests
{
    private static IEnumerable<string?> TagIdsOf(SandboxHarness sandbox, long contactId) =>
        sandbox.Account.All(138).Where(r => r["object_type_id"] == "0" && r["object_id"] == contactId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(r => r["tag_id"]);

    [Fact]
    public async Task Tag_by_id_is_applied_at_once_and_visible_everywhere()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.DataAsync(HttpMethod.Put, "objects/tag", SandboxHarness.Form(("objectID", "0"), ("add_list", "3,4"), ("ids", "1")));

        Assert.Equal("The tag is now being processed.", data.GetString());
        var john = await sandbox.GetAsync("Contact?id=1");
        Assert.Equal("*/*1*/*2*/*8*/*6*/*3*/*4*/*", john.GetProperty("contact_cat").GetString());
        Assert.Contains("3", TagIdsOf(sandbox, 1));
        var tagged = await sandbox.GetAsync("objects/tag?objectID=0&tag_name=" + SandboxHarness.Encode("warm lead") + "&range=50");
        Assert.Contains("1", tagged.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Remove_tag_by_id_updates_contact_cat_and_tag_subscribers()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.DataAsync(HttpMethod.Delete, "objects/tag", SandboxHarness.Form(("objectID", "0"), ("remove_list", "2"), ("ids", "1,6")));

        Assert.Equal("The tag is now being processed.", data.GetString());
        Assert.Equal("*/*1*/*8*/*6*/*", sandbox.Account.Find(0, 1)!["contact_cat"]);
        Assert.DoesNotContain("2", TagIdsOf(sandbox, 1));
        Assert.DoesNotContain("2", TagIdsOf(sandbox, 6));
    }

    [Fact]
    public async Task Tag_by_name_creates_missing_tags()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.DataAsync(HttpMethod.Put, "objects/tagByName", SandboxHarness.Json("""{"objectID":0,"add_names":["Warm Lead","Q4 prospects"],"ids":[4,5]}"""));

        var tags = sandbox.Account.All(14);
        Assert.Equal(13, tags.Count);
        Assert.Equal("Q4 prospects", tags[^1]["tag_name"]);
        Assert.Equal("*/*4*/*3*/*13*/*", sandbox.Account.Find(0, 4)!["contact_cat"]);
        Assert.Contains("13", TagIdsOf(sandbox, 5));
        Assert.Equal(sandbox.Account.Find(0, 5)!["contact_cat"]!.Split("*/*", StringSplitOptions.RemoveEmptyEntries).Order(), TagIdsOf(sandbox, 5).Order());
    }

    [Fact]
    public async Task Remove_tag_by_name_with_a_json_delete_body()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.DataAsync(HttpMethod.Delete, "objects/tagByName", SandboxHarness.Json("""{"objectID":0,"remove_names":["newsletter","never existed"],"ids":[1]}"""));

        Assert.Equal("*/*1*/*2*/*8*/*", sandbox.Account.Find(0, 1)!["contact_cat"]);
        Assert.Equal(12, sandbox.Account.Count(14));
    }

    [Fact]
    public async Task Tag_a_whole_group_with_performAll()
    {
        using var sandbox = SandboxHarness.Create();
        var members = sandbox.Account.All(0).Where(c => c["contact_cat"]!.Contains("*/*5*/*", StringComparison.Ordinal)).Select(c => c["id"]).ToList();

        await sandbox.DataAsync(HttpMethod.Put, "objects/tag", SandboxHarness.Form(("objectID", "0"), ("add_list", "3"), ("group_id", "1"), ("performAll", "1")));

        var warm = await sandbox.GetAsync("Contacts/getInfo?condition=" + SandboxHarness.Encode("""[{"field":{"field":"contact_cat"},"op":"LIKE","value":{"value":"%*/*5*/*%"}},"AND",{"field":{"field":"contact_cat"},"op":"LIKE","value":{"value":"%*/*3*/*%"}}]"""));
        Assert.Equal(members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), warm.GetProperty("count").GetString());
    }

    [Fact]
    public async Task Bulk_actions_without_a_target_are_400()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Put, "objects/tag", SandboxHarness.Form(("objectID", "0"), ("add_list", "3")));
        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Put, "objects/tag", SandboxHarness.Form(("objectID", "0"), ("ids", "1")));
        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Put, "objects/tag", SandboxHarness.Form(("objectID", "14"), ("add_list", "3"), ("ids", "1")));
    }

    [Fact]
    public async Task Add_to_sequence_creates_a_subscriber_row()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.DataAsync(HttpMethod.Put, "objects/sequence", SandboxHarness.Form(("objectID", "0"), ("add_list", "3"), ("ids", "5")));

        Assert.Equal("The subscription is now being processed.", data.GetString());
        Assert.Equal("*/*3*/*", sandbox.Account.Find(0, 5)!["updateSequence"]);
        var row = Assert.Single(sandbox.Account.All(8), r => r["object_id"] == "5" && r["sequence_id"] == "3");
        Assert.Equal("1", row["subscribed"]);
        Assert.Equal("0", row["pause"]);
    }

    [Fact]
    public async Task Remove_from_sequence_deletes_the_subscriber_row()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.DataAsync(HttpMethod.Delete, "objects/sequence", SandboxHarness.Form(("objectID", "0"), ("remove_list", "1"), ("ids", "1")));

        Assert.Equal(string.Empty, sandbox.Account.Find(0, 1)!["updateSequence"]);
        Assert.DoesNotContain(sandbox.Account.All(8), r => r["object_id"] == "1" && r["sequence_id"] == "1");
    }

    [Fact]
    public async Task Subscribe_defaults_to_automations_and_counts_members()
    {
        using var sandbox = SandboxHarness.Create();
        var before = int.Parse(sandbox.Account.Find(140, 1)!["subs"]!, System.Globalization.CultureInfo.InvariantCulture);

        await sandbox.DataAsync(HttpMethod.Put, "objects/subscribe", SandboxHarness.Form(("objectID", "0"), ("add_list", "1"), ("ids", "4")));

        Assert.Equal("*/*1*/*", sandbox.Account.Find(0, 4)!["updateCampaign"]);
        Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), sandbox.Account.Find(140, 1)!["subs"]);
        Assert.Contains(sandbox.Account.All(100), r => r["contact_id"] == "4" && r["campaign_id"] == "1");
        var members = await sandbox.GetAsync("Contacts/getInfo?condition=" + SandboxHarness.Encode("""[{"field":{"field":"updateCampaign"},"op":"LIKE","value":{"value":"%*/*1*/*%"}}]"""));
        Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), members.GetProperty("count").GetString());
    }

    [Fact]
    public async Task Subscribe_with_sub_type_sequence_and_unsubscribe()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.DataAsync(HttpMethod.Put, "objects/subscribe", SandboxHarness.Form(("objectID", "0"), ("add_list", "2"), ("ids", "1"), ("sub_type", "Sequence")));
        Assert.Equal("*/*1*/*2*/*", sandbox.Account.Find(0, 1)!["updateSequence"]);
        Assert.Equal("*/*1*/*5*/*", sandbox.Account.Find(0, 1)!["updateCampaign"]);

        await sandbox.DataAsync(HttpMethod.Delete, "objects/subscribe", SandboxHarness.Form(("objectID", "0"), ("remove_list", "5"), ("ids", "1")));
        Assert.Equal("*/*1*/*", sandbox.Account.Find(0, 1)!["updateCampaign"]);
        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Put, "objects/subscribe", SandboxHarness.Form(("objectID", "0"), ("add_list", "2"), ("ids", "1"), ("sub_type", "Tag")));
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(140, 2)]
    public async Task Pause_and_unpause_are_visible_on_later_reads(int objectId, long id)
    {
        using var sandbox = SandboxHarness.Create();

        var paused = await sandbox.EnvelopeAsync(HttpMethod.Post, "objects/pause", SandboxHarness.Form(("objectID", objectId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var afterPause = await sandbox.GetAsync($"object?objectID={objectId}&id={id}");
        await sandbox.EnvelopeAsync(HttpMethod.Post, "objects/unpause", SandboxHarness.Form(("objectID", objectId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var afterUnpause = await sandbox.GetAsync($"object?objectID={objectId}&id={id}");

        Assert.False(paused.TryGetProperty("data", out _));
        Assert.Equal("1", afterPause.GetProperty("pause").GetString());
        Assert.Equal("0", afterUnpause.GetProperty("pause").GetString());
    }

    [Fact]
    public async Task Pausing_a_sequence_subscriber_row()
    {
        using var sandbox = SandboxHarness.Create();
        var row = sandbox.Account.All(8)[0]["id"]!;

        await sandbox.EnvelopeAsync(HttpMethod.Post, "objects/pause", SandboxHarness.Form(("objectID", "8"), ("ids", row)));

        Assert.Equal("1", sandbox.Account.Find(8, long.Parse(row, System.Globalization.CultureInfo.InvariantCulture))!["pause"]);
    }

    [Fact]
    public async Task Pause_of_other_types_is_400()
    {
        using var sandbox = SandboxHarness.Create();

        var body = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "objects/pause", SandboxHarness.Form(("objectID", "0"), ("ids", "1")));

        Assert.Contains("Sequences", body);
    }

    [Fact]
    public async Task Deleting_a_tag_removes_it_from_every_contact()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.EnvelopeAsync(HttpMethod.Delete, "object?objectID=14&id=6");

        Assert.DoesNotContain(sandbox.Account.All(0), c => c["contact_cat"]!.Contains("*/*6*/*", StringComparison.Ordinal));
        Assert.DoesNotContain(sandbox.Account.All(138), r => r["tag_id"] == "6");
    }
}
