using System.Text.Json.Nodes;
using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;

namespace Ontraport.Client.Tests;

/// <summary>
/// Some objects key their rows by another column (Tag rows by <c>tag_id</c>, as the join rows name tags; Forms by
/// <c>form_id</c>, ontraport-api.md §5.4). The client reads a record's id either way.
/// </summary>
public class RecordIdTests
{
    [Fact]
    public async Task Tag_rows_keyed_by_tag_id_have_their_id()
    {
        await using var harness = ClientHarness.Answering("""[{"tag_id":"3","tag_name":"warm lead","object_type_id":"0"},{"id":"4","tag_name":"vip"}]""");

        var tags = await harness.Client().Objects.ListAsync(ObjectTypeIds.Tag, new ListOptions(), CancellationToken.None);

        Assert.Equal([3L, 4L], tags.Select(t => t.Id));
    }

    [Fact]
    public async Task One_form_keyed_by_form_id_has_its_id()
    {
        await using var harness = ClientHarness.Answering("""{"form_id":"12","formname":"Webinar sign-up"}""");

        var form = await harness.Client().Objects.GetAsync(ObjectTypeIds.Form, 12, CancellationToken.None);

        Assert.Equal(12, form!.Id);
    }

    [Fact]
    public async Task A_created_tag_answered_with_tag_id_has_its_id()
    {
        await using var harness = ClientHarness.Answering("""{"tag_id":"9","tag_name":"hot","object_type_id":"149"}""");

        var created = await harness.Client().Objects.CreateAsync(ObjectRequests.Create(ObjectTypeIds.Tag, new JsonObject { ["tag_name"] = "hot" }), CancellationToken.None);

        Assert.Equal(9, created!.Id);
    }

    [Fact]
    public async Task Join_rows_keep_their_own_id_and_never_take_the_tag_id()
    {
        await using var harness = ClientHarness.Answering("""[{"id":"77","tag_id":"3","object_id":"1"},{"tag_id":"3","object_id":"2"}]""");

        var rows = await harness.Client().Objects.ListAsync(ObjectTypeIds.TagSubscriber, new ListOptions(), CancellationToken.None);

        Assert.Equal([77L, 0L], rows.Select(r => r.Id));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"\"")]
    [InlineData("{\"firstname\":\"Ann\"}")]
    public async Task A_create_Ontraport_accepted_without_returning_the_record_is_not_a_failure(string data)
    {
        // Money rule: a request that created a record is never reported as failed once Ontraport accepted it (code 0).
        await using var harness = ClientHarness.Answering(data);

        var created = await harness.Client().Objects.CreateAsync(ObjectRequests.Create(ObjectTypeIds.Contact, new JsonObject { ["firstname"] = "Ann" }), CancellationToken.None);

        Assert.Null(created);
        Assert.Single(harness.Requests);
    }
}
