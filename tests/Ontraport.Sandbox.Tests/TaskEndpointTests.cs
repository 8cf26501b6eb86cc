using System.Globalization;
using System.Net;

namespace Ontraport.Sandbox.Tests;

/// <summary>task/assign, cancel, complete, reschedule and reopen: effects on later reads and the enforced state transitions.</summary>
public class TaskEndpointTests
{
    private const long JohnsCall = 4801;
    private const long JanesCall = 4802;
    private const long DemoFollowUpWithForm = 4821;

    private static string Unix(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static IReadOnlyDictionary<string, string?> Task(SandboxHarness sandbox, long id) => sandbox.Account.Find(1, id)!;

    [Fact]
    public async Task Assign_creates_one_task_per_record_from_the_message_defaults()
    {
        using var sandbox = SandboxHarness.Create();
        var before = sandbox.Account.Count(1);

        var envelope = await sandbox.EnvelopeAsync(HttpMethod.Post, "task/assign", SandboxHarness.Json("""{"object_type_id":0,"ids":[1,2],"message":{"id":1}}"""));

        Assert.False(envelope.TryGetProperty("data", out _));
        var created = sandbox.Account.All(1).Skip(before).ToList();
        Assert.Equal(2, created.Count);
        var john = created[0];
        Assert.Equal("1", john["contact_id"]);
        Assert.Equal("Demo follow-up with John", john["subject"]);
        Assert.Equal("2", john["owner"]); // the message's task_owner, Sarah
        Assert.Equal("0", john["status"]);
        Assert.Equal("1", john["item_id"]);
        Assert.Equal("Contacts", john["object_name"]);
        Assert.Equal(Unix(SandboxHarness.Start.AddDays(2)), john["date_due"]);
        Assert.Equal(Unix(SandboxHarness.Start), john["date_assigned"]);
        var read = await sandbox.GetAsync($"Task?id={john["id"]}");
        Assert.Equal("Demo follow-up with John", read.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Assign_takes_an_owner_a_due_date_and_a_group()
    {
        using var sandbox = SandboxHarness.Create();
        var before = sandbox.Account.Count(1);
        var due = Unix(SandboxHarness.Start.AddDays(5));

        await sandbox.EnvelopeAsync(HttpMethod.Post, "task/assign", SandboxHarness.Json($$$"""{"object_type_id":0,"group_id":1,"performAll":1,"message":{"id":2,"task_owner":4,"due_date":{{{due}}}}}"""));

        var created = sandbox.Account.All(1).Skip(before).ToList();
        var members = await sandbox.GetAsync("Contacts/getInfo?group_id=1");
        Assert.Equal(members.GetProperty("count").GetString(), created.Count.ToString(CultureInfo.InvariantCulture));
        Assert.All(created, t => Assert.Equal(("4", due), (t["owner"], t["date_due"])));
    }

    [Theory]
    [InlineData("""{"ids":[1],"message":{"id":1}}""", "object_type_id is required")]
    [InlineData("""{"object_type_id":0,"ids":[1]}""", "message.id is required")]
    [InlineData("""{"object_type_id":0,"ids":[1],"message":{"id":5}}""", "message 5 is not a task message")]
    [InlineData("""{"object_type_id":0,"ids":[1],"message":{"id":1,"task_owner":99}}""", "task_owner 99 is not a user")]
    [InlineData("""{"object_type_id":0,"message":{"id":1}}""", "ids, group_id")]
    public async Task Assign_refusals_create_nothing(string body, string expected)
    {
        using var sandbox = SandboxHarness.Create();
        var before = sandbox.Account.Count(1);

        var error = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "task/assign", SandboxHarness.Json(body));

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(before, sandbox.Account.Count(1));
    }

    [Fact]
    public async Task Complete_records_the_outcome_the_note_and_a_log_item()
    {
        using var sandbox = SandboxHarness.Create();
        sandbox.Clock.Advance(TimeSpan.FromHours(1));
        var notes = sandbox.Account.Count(12);

        var envelope = await sandbox.EnvelopeAsync(HttpMethod.Post, "task/complete", SandboxHarness.Json("""{"object_type_id":0,"ids":[4801],"data":{"call_outcome_id":2,"note":"Left a voicemail about renewal."}}"""));

        Assert.False(envelope.TryGetProperty("data", out _));
        var task = await sandbox.GetAsync($"Task?id={JohnsCall}");
        Assert.Equal("1", task.GetProperty("status").GetString());
        Assert.Equal("2", task.GetProperty("call_outcome_id").GetString());
        Assert.Equal(Unix(SandboxHarness.Start.AddHours(1)), task.GetProperty("date_complete").GetString());
        var note = sandbox.Account.All(12)[^1];
        Assert.Equal(notes + 1, sandbox.Account.Count(12));
        Assert.Equal(("1", "2", "Left a voicemail about renewal."), (note["contact_id"], note["author"], note["data"]));
        Assert.Contains(sandbox.Account.All(4), l => l["contact_id"] == "1" && l["type"] == "9" && l["description"] == "Task completed: Follow-up call with John (left voicemail)");
    }

    [Fact]
    public async Task Complete_checks_the_required_form_fields_and_writes_them_to_the_contact()
    {
        using var sandbox = SandboxHarness.Create();

        var error = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "task/complete", SandboxHarness.Json("""{"object_type_id":0,"ids":[4821]}"""));
        Assert.Contains("f1601", error, StringComparison.Ordinal);
        Assert.Equal("0", Task(sandbox, DemoFollowUpWithForm)["status"]);

        await sandbox.EnvelopeAsync(HttpMethod.Post, "task/complete", SandboxHarness.Json("""{"object_type_id":0,"ids":[4821],"data":{"form_data":{"f1601":"3"}}}"""));
        Assert.Equal("1", Task(sandbox, DemoFollowUpWithForm)["status"]);
        Assert.Equal("3", sandbox.Account.Find(0, 5)!["f1601"]);
    }

    [Fact]
    public async Task A_cancelled_task_cannot_be_completed_and_the_whole_request_is_refused()
    {
        using var sandbox = SandboxHarness.Create();
        await sandbox.EnvelopeAsync(HttpMethod.Post, "task/cancel", SandboxHarness.Json("""{"objectID":0,"ids":[4802]}"""));
        Assert.Equal("2", Task(sandbox, JanesCall)["status"]);

        var error = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "task/complete", SandboxHarness.Json("""{"object_type_id":0,"ids":[4801,4802]}"""));

        Assert.Contains("task 4802 is cancelled", error, StringComparison.Ordinal);
        Assert.Equal("0", Task(sandbox, JohnsCall)["status"]);
        Assert.Equal("2", Task(sandbox, JanesCall)["status"]);
    }

    [Fact]
    public async Task Repeating_a_transition_changes_nothing_and_a_completed_task_cannot_be_cancelled()
    {
        using var sandbox = SandboxHarness.Create();
        await sandbox.EnvelopeAsync(HttpMethod.Post, "task/complete", SandboxHarness.Form(("objectID", "0"), ("ids", "4801")));
        var completedAt = Task(sandbox, JohnsCall)["date_complete"];
        sandbox.Clock.Advance(TimeSpan.FromMinutes(5));

        await sandbox.EnvelopeAsync(HttpMethod.Post, "task/complete", SandboxHarness.Form(("objectID", "0"), ("ids", "4801")));
        var error = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "task/cancel", SandboxHarness.Form(("objectID", "0"), ("ids", "4801")));

        Assert.Equal(completedAt, Task(sandbox, JohnsCall)["date_complete"]);
        Assert.Contains("a completed task cannot be cancelled", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"object_type_id":0,"ids":[4801],"data":{"call_outcome_id":99}}""", "call_outcome_id 99 is not a task outcome")]
    [InlineData("""{"object_type_id":0,"ids":[4801],"data":{"form_data":{"nope":"x"}}}""", "form_data field nope is not a field of Contacts")]
    [InlineData("""{"ids":[4801]}""", "object_type_id is required")]
    public async Task Complete_refusals_change_nothing(string body, string expected)
    {
        using var sandbox = SandboxHarness.Create();

        var error = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "task/complete", SandboxHarness.Json(body));

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal("0", Task(sandbox, JohnsCall)["status"]);
    }

    [Fact]
    public async Task Tasks_of_another_object_type_are_left_alone()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.EnvelopeAsync(HttpMethod.Post, "task/cancel", SandboxHarness.Json("""{"objectID":149,"ids":[4801]}"""));

        Assert.Equal("0", Task(sandbox, JohnsCall)["status"]);
    }

    [Fact]
    public async Task Reschedule_moves_the_due_date_of_a_pending_task_only()
    {
        using var sandbox = SandboxHarness.Create();
        var newTime = Unix(SandboxHarness.Start.AddDays(5));

        await sandbox.EnvelopeAsync(HttpMethod.Post, "task/reschedule", SandboxHarness.Json($$"""{"id":4801,"newtime":{{newTime}}}"""));
        Assert.Equal(newTime, (await sandbox.GetAsync($"Task?id={JohnsCall}")).GetProperty("date_due").GetString());

        await sandbox.EnvelopeAsync(HttpMethod.Post, "task/cancel", SandboxHarness.Json("""{"objectID":0,"ids":[4802]}"""));
        var cancelled = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "task/reschedule", SandboxHarness.Json($$"""{"id":4802,"newtime":{{newTime}}}"""));
        Assert.Contains("task 4802 is cancelled; only pending tasks can be rescheduled", cancelled, StringComparison.Ordinal);
        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "task/reschedule", SandboxHarness.Json("""{"id":4801,"newtime":0}"""));
        await sandbox.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Post, "task/reschedule", SandboxHarness.Json($$"""{"id":999999,"newtime":{{newTime}}}"""));
    }

    [Fact]
    public async Task Reopen_makes_a_task_pending_again_without_its_outcome()
    {
        using var sandbox = SandboxHarness.Create();
        await sandbox.EnvelopeAsync(HttpMethod.Post, "task/complete", SandboxHarness.Json("""{"object_type_id":0,"ids":[4801],"data":{"call_outcome_id":1}}"""));

        await sandbox.EnvelopeAsync(HttpMethod.Post, "task/reopen", SandboxHarness.Json("""{"ids":[4801]}"""));

        var task = Task(sandbox, JohnsCall);
        Assert.Equal(("0", null, null), (task["status"], task["date_complete"], task["call_outcome_id"]));
    }

    [Fact]
    public async Task Custom_object_relationships_can_be_created_and_deleted()
    {
        using var sandbox = SandboxHarness.Create();

        var created = await sandbox.DataAsync(HttpMethod.Post, "objects", SandboxHarness.Json("""{"objectID":102,"name":"Referred by","parent_object_type_id":0,"parent_id":3,"child_object_type_id":0,"child_id":1}"""));
        var id = created.GetProperty("id").GetString()!;
        var read = await sandbox.GetAsync($"object?objectID=102&id={id}");
        Assert.Equal(("Referred by", "3", "1"), (read.GetProperty("name").GetString(), read.GetProperty("parent_id").GetString(), read.GetProperty("child_id").GetString()));

        await sandbox.EnvelopeAsync(HttpMethod.Delete, $"object?objectID=102&id={id}");
        Assert.Null(sandbox.Account.Find(102, long.Parse(id, CultureInfo.InvariantCulture)));
        var missing = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "objects", SandboxHarness.Json("""{"objectID":102,"name":"Referred by","parent_id":3}"""));
        Assert.Contains("is required", missing, StringComparison.Ordinal);
    }
}
