using System.Text.Json.Nodes;
using static Ontraport.Mcp.Server.Tests.TestValues;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// assign_task, complete_task, cancel_task and reschedule_task end to end: the seed's prompts, enforced state transitions,
/// effects seen by later reads, due dates in the account's time zone, the bulk cap and bad input.
/// </summary>
public class TaskToolTests : IAsyncLifetime
{
    private ServerHost Host { get; } = new(ServerHost.Weekend);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    private const long JohnsCall = 4801;
    private const long JanesCall = 4802;
    private const long SarahJohnsonsDemo = 4821;

    private IReadOnlyDictionary<string, string?> Task(long id) => Host.DemoAccount.Find(1, id)!;

    // ---------- assign_task ----------

    [Fact]
    public async Task Assign_the_Demo_follow_up_task_to_Sarah_for_John_Smith()
    {
        var answer = (await Host.CallAsync("assign_task", new { task_message = "Demo follow-up", owner = "Sarah", contact = "John Smith" })).Ok();

        Assert.Equal(1, answer["assigned"]!.GetValue<int>());
        Assert.Equal("Sarah Mitchell", answer["assignee"]!.GetValue<string>());
        var task = answer["tasks"]![0]!;
        Assert.Equal(("Demo follow-up with John", "pending", "Sarah Mitchell"), (task["subject"]!.GetValue<string>(), task["status"]!.GetValue<string>(), task["assignee"]!.GetValue<string>()));
        Assert.Equal("2026-11-24T15:00:00Z", task["date_due"]!.GetValue<string>()); // the message's default: 2 days after assignment

        var write = Assert.Single(Host.Writes);
        Assert.Equal(("POST", "task/assign"), (write.Method, write.Path));
        Assert.Equal("""{"object_type_id":0,"ids":[1],"message":{"id":1,"task_owner":2}}""", write.BodyText);
        var stored = Task(task["id"]!.GetValue<long>());
        Assert.Equal(("1", "2", "1", "0"), (stored["contact_id"], stored["owner"], stored["item_id"], stored["status"]));
    }

    [Fact]
    public async Task Assign_to_me_for_next_Tuesday_is_due_that_day_at_the_current_local_time()
    {
        var answer = (await Host.CallAsync("assign_task", new { task_message = "demo followup", owner = "alex@threemarketeers.com", contact = "john.smith@example.com", due_date = "2026-11-24" })).Ok();

        Assert.Equal("2026-11-24T15:00:00Z", answer["due"]!.GetValue<string>()); // 07:00 in America/Los_Angeles, like now
        Assert.Equal("Alex Morgan", answer["tasks"]![0]!["assignee"]!.GetValue<string>());
        Assert.Equal(Unix(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero)).ToString(System.Globalization.CultureInfo.InvariantCulture), Task(answer["tasks"]![0]!["id"]!.GetValue<long>())["date_due"]);
        var later = (await Host.CallAsync("get_objects", new { object_type = "tasks", condition = "contact_id = 1 AND item_id = 1" })).Ok();
        Assert.Equal(1, later["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_second_pending_task_from_the_same_message_needs_allow_duplicate()
    {
        var refused = (await Host.CallAsync("assign_task", new { task_message = "Follow-up call", contact = "John Smith" })).Error();
        Assert.Contains("already has a pending 'Follow-up call' task: task 4801", refused, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);

        var forced = (await Host.CallAsync("assign_task", new { task_message = "Follow-up call", contact = "John Smith", allow_duplicate = true })).Ok();
        Assert.NotEqual(JohnsCall, forced["tasks"]![0]!["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Assigning_to_a_group_of_more_than_100_needs_confirm_count()
    {
        var before = Host.DemoAccount.Count(1);
        var refused = (await Host.CallAsync("assign_task", new { task_message = "Send proposal", group_id = 5 })).Error();
        Assert.Contains("This would create a task for 158 records", refused, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);

        var done = (await Host.CallAsync("assign_task", new { task_message = "Send proposal", group_id = 5, confirm_count = 158 })).Ok();
        Assert.Equal(158, done["assigned"]!.GetValue<int>());
        Assert.Equal(before + 158, Host.DemoAccount.Count(1));
    }

    [Fact]
    public async Task Assign_dry_run_returns_the_request_and_creates_nothing()
    {
        var before = Host.DemoAccount.Count(1);

        var answer = (await Host.CallAsync("assign_task", new { task_message = "2", ids = new[] { 3, 4 }, owner = "David", due_date = "2026-12-01T17:00:00Z", dry_run = true })).Ok();

        Assert.Equal("""{"object_type_id":0,"ids":[3,4],"message":{"id":2,"due_date":1796144400,"task_owner":3}}""", answer["requests"]![0]!["body"]!.ToJsonString());
        Assert.Equal(before, Host.DemoAccount.Count(1));
        Assert.Empty(Host.Writes);
    }

    [Theory]
    [InlineData("""{"task_message":"Coffee chat","contact":"1"}""", "no task message is named 'Coffee chat'. Task messages: 1 'Demo follow-up'")]
    [InlineData("""{"task_message":"5","contact":"1"}""", "message 5 'Summer Sale: 48 hours left' is an template message, not a task message")]
    [InlineData("""{"task_message":"Demo follow-up","contact":"1","owner":"Zed"}""", "owner: no user is called 'Zed'. Users: 1 Alex Morgan")]
    [InlineData("""{"task_message":"Demo follow-up","contact":"1","due_date":"2026-11-22T14:00:00Z"}""", "is in the past")]
    public async Task Assign_refusals_create_nothing(string arguments, string expected)
    {
        var error = (await Host.CallAsync("assign_task", JsonNode.Parse(arguments))).Error();

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);
    }

    [Theory]
    [InlineData("""{"task_message":"Demo follow-up","contact":"1","due_date":"2020-01-01"}""", "due_date: '2020-01-01' (2020-01-01T00:00:00Z) is in the past")]
    [InlineData("""{"task_message":"Demo follow-up","contact":"1","due_date":"yesterday"}""", "is in the past")]
    [InlineData("""{"task_message":"Demo follow-up","contact":"1","due_date":"next Tuesday"}""", "'next Tuesday' is not a date")]
    [InlineData("""{"task_message":"Demo follow-up","contact":"1","due_date":"next week"}""", "is a period")]
    [InlineData("""{"task_message":" ","contact":"1"}""", "task_message is required")]
    [InlineData("""{"task_message":"Demo follow-up"}""", "Say which records")]
    public async Task Assign_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.CallAsync("assign_task", JsonNode.Parse(arguments))).Error();

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }

    // ---------- complete_task ----------

    [Fact]
    public async Task Mark_John_Smiths_follow_up_call_complete_with_the_outcome_left_voicemail()
    {
        var answer = (await Host.CallAsync("complete_task", new { contact = "John Smith", task_message = "follow-up call", outcome = "left voicemail" })).Ok();

        Assert.True(answer["completed"]!.GetValue<bool>());
        var task = answer["task"]!;
        Assert.Equal((JohnsCall, "complete", "left voicemail"), (task["id"]!.GetValue<long>(), task["status"]!.GetValue<string>(), task["outcome"]!.GetValue<string>()));
        Assert.Equal("""{"object_type_id":0,"ids":[4801],"data":{"call_outcome_id":2}}""", Assert.Single(Host.Writes).BodyText);

        var later = (await Host.CallAsync("get_objects", new { object_type = "tasks", id = JohnsCall })).Ok();
        Assert.Equal("Complete", later["status"]!.GetValue<string>());
        Assert.Equal((2, "left voicemail"), (later["call_outcome_id"]!["id"]!.GetValue<int>(), later["call_outcome_id"]!["name"]!.GetValue<string>()));
        Assert.Equal("2026-11-22T15:00:00Z", later["date_complete"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mark_the_follow_up_call_for_Jane_Doe_complete_as_interested_with_a_note()
    {
        var answer = (await Host.CallAsync("complete_task", new { contact = "Jane Doe", task_message = "follow-up call", outcome = "Interested", note = "Wants pricing for 3 seats." })).Ok();

        Assert.Equal("interested", answer["task"]!["outcome"]!.GetValue<string>());
        Assert.True(answer["note_saved"]!.GetValue<bool>());
        var notes = (await Host.CallAsync("get_objects", new { object_type = "notes", condition = "contact_id = 2 AND data = \"Wants pricing for 3 seats.\"" })).Ok();
        Assert.Equal(1, notes["count"]!.GetValue<int>());
        var log = (await Host.CallAsync("get_objects", new { object_type = "log items", condition = "contact_id = 2 AND type = 9" })).Ok();
        Assert.Contains("(interested)", log["items"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_task_form_fields_are_checked_first_and_named()
    {
        var missing = (await Host.CallAsync("complete_task", new { task_id = SarahJohnsonsDemo, outcome = "meeting booked" })).Error();

        Assert.Contains("Task 4821's form requires 'Coaching Program' (f1601; one of 'Group Coaching', '1:1 Coaching', 'Mastermind', 'Self-paced Course')", missing, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);
        Assert.Equal("0", Task(SarahJohnsonsDemo)["status"]);

        var answer = (await Host.CallAsync("complete_task", new { task_id = SarahJohnsonsDemo, outcome = "meeting booked", form_data = new Dictionary<string, string> { ["Coaching Program"] = "Mastermind" } })).Ok();
        Assert.Equal("Mastermind", answer["form_saved"]!["f1601"]!.GetValue<string>());
        Assert.Equal("3", Host.DemoAccount.Find(0, 5)!["f1601"]);
        Assert.Equal("1", Task(SarahJohnsonsDemo)["status"]);
    }

    [Theory]
    [InlineData("""{"task_id":4821,"form_data":{"Coaching Program":"Gold"}}""", "'Gold' is not one of its options")]
    [InlineData("""{"task_id":4821,"form_data":{"Favourite colour":"blue"}}""", "'Favourite colour' is not a field of this task's form")]
    [InlineData("""{"task_id":4801,"form_data":{"f1601":"1"}}""", "task 4801 has no task form")]
    [InlineData("""{"task_id":4801,"outcome":"booked a cruise"}""", "outcome: no task outcome is named 'booked a cruise'")]
    [InlineData("""{"task_id":999999}""", "There is no task with id 999999")]
    [InlineData("""{"contact":"John Smith","task_message":"invoice"}""", "None of John Smith's tasks matches 'invoice'. Their tasks: 4801 'Follow-up call with John' (pending")]
    public async Task Complete_refusals_change_nothing(string arguments, string expected)
    {
        var error = (await Host.CallAsync("complete_task", JsonNode.Parse(arguments))).Error();

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);
    }

    [Theory]
    [InlineData("""{}""", "Say which task")]
    [InlineData("""{"task_id":1,"contact":"John Smith"}""", "either task_id or contact")]
    [InlineData("""{"task_id":4801,"form_data":"Mastermind"}""", "Argument 'form_data' must be a JSON object")]
    [InlineData("""{"task_id":4801,"outcome":""}""", "outcome is empty")]
    public async Task Complete_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.CallAsync("complete_task", JsonNode.Parse(arguments))).Error();

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }

    [Fact]
    public async Task Completing_twice_sends_once()
    {
        (await Host.CallAsync("complete_task", new { task_id = JohnsCall })).Ok();
        var again = (await Host.CallAsync("complete_task", new { task_id = JohnsCall })).Ok();

        Assert.Contains("already complete; nothing was sent", again["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(Host.Writes);
    }

    // ---------- cancel_task ----------

    [Fact]
    public async Task Cancel_the_follow_up_task_on_Jane_Does_record_and_it_can_no_longer_be_completed()
    {
        var answer = (await Host.CallAsync("cancel_task", new { contact = "Jane Doe", task_message = "follow-up" })).Ok();

        Assert.True(answer["cancelled"]!.GetValue<bool>());
        Assert.Equal((JanesCall, "cancelled"), (answer["task"]!["id"]!.GetValue<long>(), answer["task"]!["status"]!.GetValue<string>()));
        Assert.Equal("""{"objectID":0,"ids":[4802]}""", Assert.Single(Host.Writes).BodyText);
        var later = (await Host.CallAsync("get_objects", new { object_type = "tasks", id = JanesCall })).Ok();
        Assert.Equal("Cancelled", later["status"]!.GetValue<string>());

        var complete = (await Host.CallAsync("complete_task", new { task_id = JanesCall, outcome = "interested" })).Error();
        Assert.Contains("is cancelled; a cancelled task cannot be completed", complete, StringComparison.Ordinal);
        var reschedule = (await Host.CallAsync("reschedule_task", new { task_id = JanesCall, due_date = "2026-11-30" })).Error();
        Assert.Contains("is cancelled; only pending tasks can be rescheduled", reschedule, StringComparison.Ordinal);
        var cancelAgain = (await Host.CallAsync("cancel_task", new { task_id = JanesCall })).Ok();
        Assert.Contains("already cancelled; nothing was sent", cancelAgain["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(Host.Writes);
    }

    [Fact]
    public async Task A_completed_task_cannot_be_cancelled()
    {
        (await Host.CallAsync("complete_task", new { task_id = JohnsCall, outcome = "no answer" })).Ok();

        var error = (await Host.CallAsync("cancel_task", new { task_id = JohnsCall })).Error();

        Assert.Contains("is already complete; a completed task cannot be cancelled", error, StringComparison.Ordinal);
        Assert.Equal("1", Task(JohnsCall)["status"]);
    }

    [Fact]
    public async Task Several_matching_pending_tasks_are_listed_instead_of_guessed()
    {
        (await Host.CallAsync("assign_task", new { task_message = "Demo follow-up", contact = "Jane Doe" })).Ok();

        var error = (await Host.CallAsync("cancel_task", new { contact = "Jane Doe", task_message = "follow-up" })).Error();

        Assert.Contains("2 of Jane Doe's pending tasks match", error, StringComparison.Ordinal);
        Assert.Contains("4802 'Follow-up call with Jane'", error, StringComparison.Ordinal);
        Assert.Equal("0", Task(JanesCall)["status"]);
    }

    [Fact]
    public async Task Cancel_dry_run_sends_nothing()
    {
        var answer = (await Host.CallAsync("cancel_task", new { task_id = JanesCall, dry_run = true })).Ok();

        Assert.Equal("/1/task/cancel", answer["requests"]![0]!["path"]!.GetValue<string>());
        Assert.Empty(Host.Writes);
        Assert.Equal("0", Task(JanesCall)["status"]);
    }

    // ---------- reschedule_task ----------

    [Fact]
    public async Task Move_the_follow_up_task_on_John_Smiths_record_to_next_Friday()
    {
        var answer = (await Host.CallAsync("reschedule_task", new { contact = "John Smith", task_message = "follow-up", due_date = "2026-11-27" })).Ok();

        Assert.Equal("2026-11-23T15:00:00Z", answer["previous_due"]!.GetValue<string>());
        Assert.Equal("2026-11-27T15:00:00Z", answer["task"]!["date_due"]!.GetValue<string>()); // same local time of day
        Assert.Equal("""{"id":4801,"newtime":1795791600}""", Assert.Single(Host.Writes).BodyText);
        var later = (await Host.CallAsync("get_objects", new { object_type = "tasks", id = JohnsCall, fields = new[] { "date_due" } })).Ok();
        Assert.Equal("2026-11-27T15:00:00Z", later["date_due"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reschedule_takes_an_exact_time_and_refuses_one_earlier_today()
    {
        (await Host.CallAsync("reschedule_task", new { task_id = JohnsCall, due_date = "2026-11-25T09:30" })).Ok();
        Assert.Equal(Unix(new DateTimeOffset(2026, 11, 25, 17, 30, 0, TimeSpan.Zero)).ToString(System.Globalization.CultureInfo.InvariantCulture), Task(JohnsCall)["date_due"]);

        var earlier = (await Host.CallAsync("reschedule_task", new { task_id = JohnsCall, due_date = "2026-11-22T06:00" })).Error();
        Assert.Contains("is in the past", earlier, StringComparison.Ordinal);
        Assert.Single(Host.Writes);
    }

    [Theory]
    [InlineData("""{"task_id":4801,"due_date":"2026-11-01"}""", "due_date: '2026-11-01' (2026-11-01T00:00:00Z) is in the past; it is now 2026-11-22T15:00:00Z")]
    [InlineData("""{"task_id":4801,"due_date":"next Friday"}""", "work out 'next Friday' to its date first")]
    [InlineData("""{"task_id":4801}""", "Missing required argument 'due_date'")]
    [InlineData("""{"due_date":"2026-11-27"}""", "Say which task")]
    public async Task Reschedule_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.CallAsync("reschedule_task", JsonNode.Parse(arguments))).Error();

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }

    [Fact]
    public async Task A_completed_task_cannot_be_rescheduled()
    {
        (await Host.CallAsync("complete_task", new { task_id = JohnsCall })).Ok();

        var error = (await Host.CallAsync("reschedule_task", new { task_id = JohnsCall, due_date = "2026-11-27" })).Error();

        Assert.Contains("is complete; only pending tasks can be rescheduled", error, StringComparison.Ordinal);
        Assert.Single(Host.Writes);
    }
}
