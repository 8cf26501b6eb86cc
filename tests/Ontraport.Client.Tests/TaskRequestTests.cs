using System.Net;
using System.Text.Json.Nodes;
using Ontraport.Client.Http;
using Ontraport.Client.Objects;
using Ontraport.Client.Relationships;
using Ontraport.Client.Tasks;

namespace Ontraport.Client.Tests;

/// <summary>The task endpoints (API reference §3.3) and the inferred relationship writes: exact method, path and JSON body.</summary>
public class TaskRequestTests
{
    private static readonly DateTimeOffset Friday = new(2026, 11, 27, 17, 0, 0, TimeSpan.Zero);

    private static async Task<RecordedRequest> SendAsync(OntraportRequest request)
    {
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("""{"code":0,"account_id":187157}""", System.Text.Encoding.UTF8, "application/json"),
        }));
        var response = await harness.Client().SendAsync(request, CancellationToken.None);
        Assert.Null(response.Data);
        return Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task Assign_posts_the_message_with_due_date_and_owner_as_JSON()
    {
        var sent = await SendAsync(TaskRequests.Assign(0, RecordSelection.ForIds([1, 2]), 5, Friday, 2));

        Assert.Equal("POST /1/task/assign", sent.Route);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("""{"object_type_id":0,"ids":[1,2],"message":{"id":5,"due_date":1795798800,"task_owner":2}}""", sent.Body);
    }

    [Fact]
    public async Task Assign_to_a_group_adds_performAll_and_leaves_out_what_was_not_given()
    {
        var sent = await SendAsync(TaskRequests.Assign(0, new RecordSelection { GroupId = 1 }, 2, null, null));

        Assert.Equal("""{"object_type_id":0,"group_id":1,"performAll":1,"message":{"id":2}}""", sent.Body);
    }

    [Fact]
    public void Assign_creates_records_so_it_is_never_retried_and_never_targets_everything()
    {
        Assert.Equal(RequestEffect.NonIdempotentWrite, TaskRequests.Assign(0, RecordSelection.ForIds([1]), 2, null, null).Effect);
        Assert.Throws<ArgumentException>(() => TaskRequests.Assign(0, new RecordSelection(), 2, null, null));
    }

    [Fact]
    public async Task Cancel_sends_objectID_and_task_ids()
    {
        var sent = await SendAsync(TaskRequests.Cancel(0, [4802]));

        Assert.Equal("POST /1/task/cancel", sent.Route);
        Assert.Equal("""{"objectID":0,"ids":[4802]}""", sent.Body);
        Assert.Equal(RequestEffect.IdempotentWrite, TaskRequests.Cancel(0, [4802]).Effect);
    }

    [Fact]
    public async Task Complete_sends_object_type_id_and_the_inferred_data_object()
    {
        var completion = new TaskCompletion(2, "Left a voicemail", new Dictionary<string, string> { ["f1601"] = "2" });

        var sent = await SendAsync(TaskRequests.Complete(0, [4801], completion));

        Assert.Equal("POST /1/task/complete", sent.Route);
        Assert.Equal("""{"object_type_id":0,"ids":[4801],"data":{"call_outcome_id":2,"note":"Left a voicemail","form_data":{"f1601":"2"}}}""", sent.Body);
    }

    [Fact]
    public async Task Complete_without_outcome_note_or_form_sends_no_data()
    {
        var sent = await SendAsync(TaskRequests.Complete(0, [4801], new TaskCompletion(null, " ", new Dictionary<string, string>())));

        Assert.Equal("""{"object_type_id":0,"ids":[4801]}""", sent.Body);
    }

    [Fact]
    public async Task Reschedule_sends_newtime_in_unix_seconds_and_reopen_sends_ids()
    {
        var reschedule = await SendAsync(TaskRequests.Reschedule(4801, Friday));
        Assert.Equal("POST /1/task/reschedule", reschedule.Route);
        Assert.Equal("""{"id":4801,"newtime":1795798800}""", reschedule.Body);

        var reopen = await SendAsync(TaskRequests.Reopen([4801, 4802]));
        Assert.Equal("POST /1/task/reopen", reopen.Route);
        Assert.Equal("""{"ids":[4801,4802]}""", reopen.Body);
    }

    [Fact]
    public async Task A_relationship_is_a_generic_create_of_102_and_unlinking_deletes_the_row()
    {
        var link = await SendAsync(RelationshipRequests.Link("Referred by", 0, 6, 0, 1));
        Assert.Equal("POST /1/objects", link.Route);
        Assert.Equal("""{"objectID":102,"name":"Referred by","parent_object_type_id":0,"parent_id":6,"child_object_type_id":0,"child_id":1}""", link.Body);
        Assert.Equal(RequestEffect.NonIdempotentWrite, RelationshipRequests.Link("x", 0, 1, 0, 2).Effect);

        var unlink = await SendAsync(RelationshipRequests.Unlink(9));
        Assert.Equal("DELETE /1/object", unlink.Route);
        Assert.Equal(new Dictionary<string, string> { ["objectID"] = "102", ["id"] = "9" }, unlink.QueryPairs);
    }

    [Fact]
    public void A_task_state_is_read_from_its_status()
    {
        Assert.Equal(TaskState.Pending, TaskStates.Of(new OntraportRecord(new JsonObject { ["status"] = "0" })));
        Assert.Equal(TaskState.Complete, TaskStates.Of(new OntraportRecord(new JsonObject { ["status"] = "1" })));
        Assert.Equal(TaskState.Cancelled, TaskStates.Of(new OntraportRecord(new JsonObject { ["status"] = "2" })));
        Assert.Equal("cancelled", TaskStates.Word(TaskState.Cancelled));
    }
}
