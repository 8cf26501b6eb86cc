using System.Text.Json.Nodes;
using Ontraport.Client.Conditions;
using Ontraport.Client.Http;
using Ontraport.Client.Objects;

namespace Ontraport.Client.Tests;

/// <summary>Exact method, path, query and body for every endpoint the client uses (API reference §2), at the handler.</summary>
public class RequestEncodingTests
{
    private static readonly Criteria CaOnly = Criteria.Where(Condition.Compare("state", ConditionOperator.Equal, ConditionLiteral.Of("CA")));

    private static async Task<RecordedRequest> SendAsync(OntraportRequest request, string answer = "{}")
    {
        await using var harness = ClientHarness.Answering(answer);
        await harness.Client().SendAsync(request, CancellationToken.None);
        return Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task Every_request_carries_both_credential_headers()
    {
        var sent = await SendAsync(ObjectRequests.Get(0, 5));
        Assert.Equal("2_AppID_12345678", sent.Headers["Api-Appid"]);
        Assert.Equal("Key5678secret", sent.Headers["Api-Key"]);
    }

    [Fact]
    public async Task GET_object_by_id_in_the_query()
    {
        var sent = await SendAsync(ObjectRequests.Get(0, 5));
        Assert.Equal("GET /1/object", sent.Route);
        Assert.Equal(new Dictionary<string, string> { ["objectID"] = "0", ["id"] = "5" }, sent.QueryPairs);
        Assert.Equal("", sent.Body);
    }

    [Fact]
    public async Task GET_objects_with_paging_sorting_fields_and_a_condition_as_a_JSON_string()
    {
        var sent = await SendAsync(ObjectRequests.List(0, new ListOptions
        {
            Selection = new RecordSelection { Condition = CaOnly, Search = "smith", GroupId = 4 },
            Start = 40,
            Range = 20,
            Sort = "lastname",
            SortDirection = SortDirection.Descending,
            Fields = ["firstname", "email"],
        }), "[]");

        Assert.Equal("GET /1/objects", sent.Route);
        Assert.Equal(new Dictionary<string, string>
        {
            ["objectID"] = "0",
            ["condition"] = """[{"field":{"field":"state"},"op":"=","value":{"value":"CA"}}]""",
            ["search"] = "smith",
            ["group_id"] = "4",
            ["start"] = "40",
            ["range"] = "20",
            ["sort"] = "lastname",
            ["sortDir"] = "desc",
            ["listFields"] = "id,firstname,email",
        }, sent.QueryPairs);
    }

    [Fact]
    public async Task Range_is_capped_at_fifty_and_ids_are_comma_joined()
    {
        var sent = await SendAsync(ObjectRequests.List(14, new ListOptions { Selection = RecordSelection.ForIds([3, 4, 5]), Range = 500 }), "[]");
        Assert.Equal("50", sent.QueryPairs["range"]);
        Assert.Equal("3,4,5", sent.QueryPairs["ids"]);
    }

    [Fact]
    public async Task GET_getInfo_meta_and_getByEmail()
    {
        var info = await SendAsync(ObjectRequests.GetInfo(46, new RecordSelection { Condition = CaOnly }));
        Assert.Equal("GET /1/objects/getInfo", info.Route);
        Assert.Equal("46", info.QueryPairs["objectID"]);
        Assert.True(info.QueryPairs.ContainsKey("condition"));

        var meta = await SendAsync(ObjectRequests.Meta());
        Assert.Equal("GET /1/objects/meta", meta.Route);
        Assert.Equal(new Dictionary<string, string> { ["format"] = "byId" }, meta.QueryPairs);

        var byEmail = await SendAsync(ObjectRequests.GetByEmail("jane+vip@example.com"));
        Assert.Equal("GET /1/object/getByEmail", byEmail.Route);
        Assert.Equal(new Dictionary<string, string> { ["objectID"] = "0", ["email"] = "jane+vip@example.com" }, byEmail.QueryPairs);
    }

    [Fact]
    public async Task POST_objects_sends_JSON_and_is_marked_as_never_retried()
    {
        var request = ObjectRequests.Create(150, new JsonObject { ["name"] = "Acme Corp" });
        Assert.Equal(RequestEffect.NonIdempotentWrite, request.Effect);
        var sent = await SendAsync(request);
        Assert.Equal("POST /1/objects", sent.Route);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("""{"objectID":150,"name":"Acme Corp"}""", sent.Body);
    }

    [Fact]
    public async Task PUT_objects_sends_JSON_with_the_id()
    {
        var request = ObjectRequests.Update(0, 12, new JsonObject { ["office_phone"] = "555-1234" });
        Assert.Equal(RequestEffect.IdempotentWrite, request.Effect);
        var sent = await SendAsync(request);
        Assert.Equal("PUT /1/objects", sent.Route);
        Assert.Equal("""{"objectID":0,"id":12,"office_phone":"555-1234"}""", sent.Body);
    }

    [Fact]
    public async Task POST_saveorupdate_is_form_encoded_and_never_retried()
    {
        var request = ObjectRequests.SaveOrUpdate(0, [new("email", "sarah@acme.com"), new("firstname", "Sarah")], ignoreBlanks: true);
        Assert.Equal(RequestEffect.NonIdempotentWrite, request.Effect);
        var sent = await SendAsync(request);
        Assert.Equal("POST /1/objects/saveorupdate", sent.Route);
        Assert.Equal("application/x-www-form-urlencoded", sent.ContentType);
        Assert.Equal(new Dictionary<string, string> { ["objectID"] = "0", ["email"] = "sarah@acme.com", ["firstname"] = "Sarah", ["ignore_blanks"] = "true" }, sent.FormPairs);
    }

    [Fact]
    public async Task DELETE_object_and_DELETE_objects_use_the_query()
    {
        var one = await SendAsync(ObjectRequests.Delete(0, 9));
        Assert.Equal("DELETE /1/object", one.Route);
        Assert.Equal(new Dictionary<string, string> { ["objectID"] = "0", ["id"] = "9" }, one.QueryPairs);

        var many = await SendAsync(ObjectRequests.DeleteMany(0, RecordSelection.ForIds([1, 2])));
        Assert.Equal("DELETE /1/objects", many.Route);
        Assert.Equal(new Dictionary<string, string> { ["objectID"] = "0", ["ids"] = "1,2" }, many.QueryPairs);
    }

    [Fact]
    public void DELETE_objects_refuses_to_build_a_delete_of_everything()
    {
        Assert.Throws<ArgumentException>(() => ObjectRequests.DeleteMany(0, new RecordSelection()));
    }

    [Fact]
    public async Task Tags_by_id_are_form_encoded_and_a_group_adds_performAll()
    {
        var add = await SendAsync(ObjectRequests.Tag(0, add: true, [3, 7], RecordSelection.ForIds([10, 11])));
        Assert.Equal("PUT /1/objects/tag", add.Route);
        Assert.Equal(new Dictionary<string, string> { ["objectID"] = "0", ["add_list"] = "3,7", ["ids"] = "10,11" }, add.FormPairs);

        var remove = await SendAsync(ObjectRequests.Tag(0, add: false, [3], new RecordSelection { GroupId = 2 }));
        Assert.Equal("DELETE /1/objects/tag", remove.Route);
        Assert.Equal(new Dictionary<string, string> { ["objectID"] = "0", ["remove_list"] = "3", ["group_id"] = "2", ["performAll"] = "1" }, remove.FormPairs);
    }

    [Fact]
    public async Task Tags_by_name_are_JSON_with_real_arrays()
    {
        var sent = await SendAsync(ObjectRequests.TagByName(0, add: true, ["warm lead"], RecordSelection.ForIds([10])));
        Assert.Equal("PUT /1/objects/tagByName", sent.Route);
        Assert.Equal("""{"objectID":0,"add_names":["warm lead"],"ids":[10]}""", sent.Body);

        var removed = await SendAsync(ObjectRequests.TagByName(0, add: false, ["vip"], RecordSelection.ForIds([10])));
        Assert.Equal("DELETE /1/objects/tagByName", removed.Route);
        Assert.Equal("""{"objectID":0,"remove_names":["vip"],"ids":[10]}""", removed.Body);
    }

    [Fact]
    public async Task Subscribe_sends_sub_type_and_pause_is_a_form_POST()
    {
        var subscribe = await SendAsync(ObjectRequests.Subscribe(0, add: true, SubscriptionKind.Sequence, [2], RecordSelection.ForIds([10])));
        Assert.Equal("PUT /1/objects/subscribe", subscribe.Route);
        Assert.Equal(new Dictionary<string, string> { ["objectID"] = "0", ["add_list"] = "2", ["sub_type"] = "Sequence", ["ids"] = "10" }, subscribe.FormPairs);

        var unsubscribe = await SendAsync(ObjectRequests.Subscribe(0, add: false, SubscriptionKind.Automation, [5], RecordSelection.ForIds([10])));
        Assert.Equal("DELETE /1/objects/subscribe", unsubscribe.Route);
        Assert.Equal("Campaign", unsubscribe.FormPairs["sub_type"]);

        var pause = await SendAsync(ObjectRequests.Pause(140, pause: true, [4]));
        Assert.Equal("POST /1/objects/pause", pause.Route);
        Assert.Equal(new Dictionary<string, string> { ["objectID"] = "140", ["ids"] = "4" }, pause.FormPairs);
        Assert.Equal("POST /1/objects/unpause", (await SendAsync(ObjectRequests.Pause(6, pause: false, [1]))).Route);
    }

    [Fact]
    public async Task Tagged_records_and_the_field_editor_are_GETs()
    {
        var tagged = await SendAsync(ObjectRequests.ListTagged(0, null, "warm lead", 0, 20), "[]");
        Assert.Equal("GET /1/objects/tag", tagged.Route);
        Assert.Equal(new Dictionary<string, string> { ["objectID"] = "0", ["tag_name"] = "warm lead", ["range"] = "20" }, tagged.QueryPairs);

        var editor = await SendAsync(ObjectRequests.FieldEditor(0));
        Assert.Equal("GET /1/objects/fieldeditor", editor.Route);
    }

    [Fact]
    public void Describe_shows_the_request_without_credentials_and_masks_card_data()
    {
        var request = new OntraportRequest
        {
            Method = HttpMethod.Post,
            Path = "transaction/processManual",
            Effect = RequestEffect.NonIdempotentWrite,
            Encoding = BodyEncoding.Json,
            Json = new JsonObject { ["contact_id"] = 1, ["payer"] = new JsonObject { ["ccnumber"] = "4111111111111111", ["code"] = "123" } },
            SensitiveBodyPaths = ["payer.ccnumber", "payer.code"],
        };
        var text = request.Describe().ToJsonString();
        Assert.Contains("\"path\":\"/1/transaction/processManual\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("4111111111111111", text, StringComparison.Ordinal);
        Assert.Contains("1111", text, StringComparison.Ordinal);
        Assert.DoesNotContain("123\"", text, StringComparison.Ordinal);
    }
}
