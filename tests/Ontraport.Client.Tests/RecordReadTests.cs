using System.Net;
using System.Text.Json.Nodes;
using Ontraport.Client.Metadata;
using Ontraport.Client.Objects;

namespace Ontraport.Client.Tests;

/// <summary>
/// The client's record reads for shaping (issue 14): the <c>*/*</c> codec, the batched by-id read, the list-view
/// columns and record names cached per account, and the declarative query.
/// </summary>
public class RecordReadTests
{
    [Theory]
    [InlineData("*/*3*/*7*/*", new long[] { 3, 7 })]
    [InlineData("*/*15*/*", new long[] { 15 })]
    [InlineData("", new long[0])]
    [InlineData(null, new long[0])]
    [InlineData("*/**/*", new long[0])]
    [InlineData("*/* 4 */*x*/*", new long[] { 4 })]
    public void Id_lists_decode(string? stored, long[] ids) => Assert.Equal(ids, IdList.Parse(stored));

    [Fact]
    public void Id_lists_encode_and_match()
    {
        Assert.Equal("*/*1*/*2*/*", IdList.Format([1L, 2L]));
        Assert.Equal("", IdList.Format(Array.Empty<long>()));
        Assert.Equal("*/*a*/*b*/*", IdList.Format(["a", "b"]));
        Assert.True(IdList.Contains("*/*1*/*12*/*", 12));
        Assert.False(IdList.Contains("*/*1*/*12*/*", 2));
        Assert.Equal("%*/*5*/*%", IdList.LikePattern(5));
        Assert.Equal(5, IdList.FromLikePattern("%*/*5*/*%"));
        Assert.Null(IdList.FromLikePattern("%*/*%"));
        Assert.Null(IdList.FromLikePattern("%abc%"));
        Assert.True(IdList.IsList("*/*1*/*"));
        Assert.False(IdList.IsList("1"));
    }

    [Fact]
    public async Task Get_many_sends_one_ids_read_per_50_with_the_fields()
    {
        await using var harness = ClientHarness.Answering("[]");
        await harness.Client().Objects.GetManyAsync(14, [.. Enumerable.Range(1, 120).Select(i => (long)i), 3, 0, -1], ["tag_name"], CancellationToken.None);
        Assert.Equal(3, harness.Requests.Count);
        Assert.All(harness.Requests, r =>
        {
            Assert.Equal("GET /1/objects", r.Route);
            Assert.Equal("14", r.QueryPairs["objectID"]);
            Assert.Equal("id,tag_name", r.QueryPairs["listFields"]);
            Assert.Equal("50", r.QueryPairs["range"]);
        });
        Assert.Equal([50, 50, 20], harness.Requests.Select(r => r.QueryPairs["ids"].Split(',').Length));
        Assert.Equal("101", harness.Requests[2].QueryPairs["ids"].Split(',')[0]);
    }

    [Fact]
    public async Task No_ids_send_nothing()
    {
        await using var harness = ClientHarness.Answering("[]");
        Assert.Empty(await harness.Client().Objects.GetManyAsync(14, [0, -3], null, CancellationToken.None));
        Assert.Empty(await harness.Client().GetRecordNamesAsync(14, [], CancellationToken.None));
        Assert.Empty(harness.Requests);
    }

    [Fact]
    public async Task Record_names_are_read_once_per_id_and_kept_per_account()
    {
        await using var harness = ClientHarness.Create((request, _) => Task.FromResult(request.Route switch
        {
            "GET /1/objects/meta" => RecordingHandler.Envelope("""{"14":{"name":"Tag","fields":{"tag_name":{"alias":"Tag Name","type":"text"}}}}"""),
            _ => RecordingHandler.Envelope(new JsonArray([.. request.QueryPairs["ids"].Split(',').Where(i => i != "9")
                .Select(i => (JsonNode)new JsonObject { ["id"] = i, ["tag_name"] = "tag " + i })]).ToJsonString()),
        }));
        var client = harness.Client();
        var first = await client.GetRecordNamesAsync(14, [1, 2, 9], CancellationToken.None);
        Assert.Equal(new Dictionary<long, string> { [1] = "tag 1", [2] = "tag 2" }, first);

        var second = await harness.Client().GetRecordNamesAsync(14, [2, 3, 9], CancellationToken.None);
        Assert.Equal(new Dictionary<long, string> { [2] = "tag 2", [3] = "tag 3" }, second);
        var reads = harness.Requests.Where(r => r.Route == "GET /1/objects").ToList();
        Assert.Equal(2, reads.Count);
        Assert.Equal("1,2,9", reads[0].QueryPairs["ids"]);
        Assert.Equal("3", reads[1].QueryPairs["ids"]);
        Assert.Equal("id,tag_name,email", reads[0].QueryPairs["listFields"]);

        await harness.Client("other-account").GetRecordNamesAsync(14, [2], CancellationToken.None);
        Assert.Equal(3, harness.Requests.Count(r => r.Route == "GET /1/objects"));

        harness.Time.Advance(TimeSpan.FromHours(2));
        await harness.Client().GetRecordNamesAsync(14, [2], CancellationToken.None);
        Assert.Equal(4, harness.Requests.Count(r => r.Route == "GET /1/objects"));
    }

    [Fact]
    public async Task Record_names_are_best_effort_and_a_failed_read_is_not_remembered()
    {
        var fail = true;
        await using var harness = ClientHarness.Create((request, _) => Task.FromResult(request.Route switch
        {
            "GET /1/objects/meta" => RecordingHandler.Envelope("{}"),
            _ when fail => RecordingHandler.Text(HttpStatusCode.BadRequest, "Invalid query"),
            _ => RecordingHandler.Envelope("""[{"id":"4","name":"Welcome"}]"""),
        }));
        Assert.Empty(await harness.Client().GetRecordNamesAsync(140, [4], CancellationToken.None));
        fail = false;
        Assert.Equal("Welcome", (await harness.Client().GetRecordNamesAsync(140, [4], CancellationToken.None))[4]);
    }

    [Fact]
    public async Task List_view_columns_come_from_getInfo_once_per_type_and_account()
    {
        await using var harness = ClientHarness.Answering("""{"listFields":["fn","email","grade"],"listFieldSettings":[],"count":"2"}""");
        var client = harness.Client();
        Assert.Equal(["fn", "email", "grade"], await client.GetListFieldsAsync(0, CancellationToken.None));
        Assert.Equal(["fn", "email", "grade"], await harness.Client().GetListFieldsAsync(0, CancellationToken.None));
        await client.GetListFieldsAsync(14, CancellationToken.None);
        Assert.Equal(["0", "14"], harness.Requests.Select(r => r.QueryPairs["objectID"]));
        Assert.All(harness.Requests, r => Assert.Equal("GET /1/objects/getInfo", r.Route));

        client.InvalidateMetadata();
        await client.GetListFieldsAsync(0, CancellationToken.None);
        Assert.Equal(3, harness.Requests.Count);
    }

    [Fact]
    public void List_columns_are_the_essentials_then_the_list_view_as_real_fields()
    {
        var contacts = new ObjectMetadata(0, "Contact", [.. new[] { "firstname", "lastname", "email", "office_phone", "date", "dla", "bindex", "contact_cat" }
            .Select(f => new FieldMetadata { Name = f, Alias = f, Type = "text" })]);
        Assert.Equal(["id", "firstname", "lastname", "email", "office_phone", "date", "dla"],
            RecordFields.ListColumns(contacts, ["fn", "email", "office_phone", "date", "grade", "dla", "contact_id"]));
        Assert.Equal(["id", "firstname", "lastname", "email", "office_phone", "date", "dla"], RecordFields.ListColumns(contacts, []));

        var tags = new ObjectMetadata(14, "Tag", [new FieldMetadata { Name = "tag_name", Alias = "Tag Name", Type = "text" }, new FieldMetadata { Name = "object_type_id", Alias = "Type", Type = "numeric" }]);
        Assert.Equal(["id", "tag_name", "object_type_id"], RecordFields.ListColumns(tags, ["tag_name", "object_type_id"]));
        Assert.True(RecordFields.IsInternal("ip_addy"));
        Assert.False(RecordFields.IsInternal("email"));
        Assert.Equal(14, RecordFields.ReferencedType("contact_cat", null));
        Assert.Equal(2, RecordFields.ReferencedType("owner", new FieldMetadata { Name = "owner", Alias = "Owner", Type = "parent", ParentObjectId = 2 }));
        Assert.Null(RecordFields.ReferencedType("email", new FieldMetadata { Name = "email", Alias = "Email", Type = "email" }));
    }

    [Fact]
    public async Task A_query_is_one_list_read_with_its_count()
    {
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("""{"code":0,"data":[{"id":"7"}],"misc":{"count":"31"},"account_id":1}""", System.Text.Encoding.UTF8, "application/json"),
        }));
        var query = RecordQuery.Of(4).WhereEquals("contact_id", 12).WhereContains("description", "webinar").WhereContains("type", " ")
            .Select(["description"]).OrderBy("date", SortDirection.Descending).Page(40, 500);
        var (records, total) = await query.PageAsync(harness.Client(), CancellationToken.None);
        Assert.Equal((7L, 31L), (records.Single().Id, total));
        var sent = Assert.Single(harness.Requests).QueryPairs;
        Assert.Equal("""[{"field":{"field":"contact_id"},"op":"=","value":{"value":12}},"AND",{"field":{"field":"description"},"op":"LIKE","value":{"value":"%webinar%"}}]""", sent["condition"]);
        Assert.Equal(("40", "50", "date", "desc", "id,description", "true"), (sent["start"], sent["range"], sent["sort"], sent["sortDir"], sent["listFields"], sent["count"]));
    }

    [Fact]
    public void A_query_refuses_to_join_OR_criteria_without_parentheses()
    {
        var either = Conditions.Criteria.Where(Conditions.Condition.Compare("state", Conditions.ConditionOperator.Equal, Conditions.ConditionLiteral.Of("CA")))
            .Or(Conditions.Condition.Compare("state", Conditions.ConditionOperator.Equal, Conditions.ConditionLiteral.Of("NY")));
        Assert.Same(either, RecordQuery.Of(0).Where(either).Criteria);
        Assert.Throws<ArgumentException>(() => RecordQuery.Of(0).WhereEquals("owner", 2).Where(either));
    }
}
