using System.Text.Json.Nodes;
using static Ontraport.Mcp.Server.Tests.TestValues;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The engagement Query tools end to end (get_subscribers, get_contact_log, get_automation_log, get_recent_messages,
/// get_recent_notes, get_recent_tasks, get_task_form_requirements, get_scheduled_broadcasts, get_landing_page_url):
/// answers checked against the sandbox's own records, bad input costing no upstream request, and empty answers.
/// </summary>
public class QueryEngagementToolTests : IAsyncLifetime
{
    private ServerHost Host { get; } = new(ServerHost.MidWeek);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    private static List<JsonObject> Items(JsonNode answer) => [.. answer["items"]!.AsArray().Select(i => i!.AsObject())];

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    // ---------- get_subscribers ----------

    [Fact]
    public async Task Get_subscribers_lists_who_is_in_the_welcome_automation()
    {
        var answer = (await Host.Client.CallAsync("get_subscribers", new { automation = "welcome", limit = 50 })).Ok();
        var expected = Host.DemoAccount.All(0).Where(c => (c["updateCampaign"] ?? "").Contains("*/*1*/*", StringComparison.Ordinal)).Select(c => long.Parse(c["id"]!)).ToList();
        Assert.Equal((1, "Welcome"), (answer["automation"]!["id"]!.GetValue<int>(), Text(answer["automation"]!["name"])));
        Assert.Equal(expected.Count, answer["count"]!.GetValue<int>());
        Assert.Equal(expected.Take(50), Items(answer).Select(i => i["id"]!.GetValue<long>()));
        Assert.Equal(("John Smith", "john.smith@example.com"), (Text(Items(answer)[0]["name"]), Text(Items(answer)[0]["email"])));
    }

    [Fact]
    public async Task Get_subscribers_lists_a_tag_newest_first_with_when_each_was_tagged()
    {
        var answer = (await Host.Client.CallAsync("get_subscribers", new { tag = "warm lead", fields = new[] { "state" } })).Ok();
        var rows = Host.DemoAccount.All(138).Where(r => r["tag_id"] == "3").OrderByDescending(r => long.Parse(r["date"]!)).ToList();
        Assert.Equal(rows.Count, answer["count"]!.GetValue<int>());
        var items = Items(answer);
        Assert.Equal(rows.Take(20).Select(r => long.Parse(r["object_id"]!)), items.Select(i => i["id"]!.GetValue<long>()));
        Assert.Equal(FromUnix(rows[0]["date"]).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), Text(items[0]["since"]));
        Assert.All(items, i => Assert.NotNull(i["state"]));
        Assert.Equal(1, Host.ListRequestsFor(0)); // the page's members in one read
    }

    [Fact]
    public async Task Get_subscribers_shows_sequence_steps()
    {
        var answer = (await Host.Client.CallAsync("get_subscribers", new { sequence = "Welcome Series", limit = 5 })).Ok();
        Assert.Equal(Host.DemoAccount.All(8).Count(r => r["sequence_id"] == "1"), answer["count"]!.GetValue<int>());
        Assert.All(Items(answer), i => Assert.Equal(1, i["step"]!.GetValue<int>()));
        Assert.Equal(5, answer["next_start"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_subscribers_of_an_empty_tag_says_nobody_is_on_it()
    {
        (await Host.Client.CallAsync("create_object", new { object_type = "tags", values = new { tag_name = "Spring Retreat 2027" } })).Ok();
        var answer = (await Host.Client.CallAsync("get_subscribers", new { tag = "Spring Retreat 2027" })).Ok();
        Assert.Equal(0, answer["count"]!.GetValue<int>());
        Assert.Empty(answer["items"]!.AsArray());
        Assert.Contains("Nobody is on the tag 'Spring Retreat 2027'", Text(answer["note"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{}""", "Give one of tag, sequence or automation")]
    [InlineData("""{"tag":"vip","sequence":"Welcome Series"}""", "Give only one of tag, sequence or automation; got tag and sequence")]
    [InlineData("""{"tag":"vip","limit":0}""", "limit must be between 1 and 50")]
    [InlineData("""{"tag":"vip","fields":["shoe size"]}""", "field 'shoe size' is not on Contacts")]
    public async Task Get_subscribers_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.Client.CallAsync("get_subscribers", JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }

    // ---------- get_contact_log ----------

    [Fact]
    public async Task Get_contact_log_shows_John_Smiths_history_newest_first_with_the_messages()
    {
        var answer = (await Host.Client.CallAsync("get_contact_log", new { contact = "John Smith", limit = 50 })).Ok();
        var expected = Host.DemoAccount.All(4).Where(l => l["contact_id"] == "1").ToList();
        Assert.Equal(expected.Count, answer["count"]!.GetValue<int>());
        Assert.Equal(("John Smith", "double opt-in"), (Text(answer["contact"]!["name"]), Text(answer["contact"]!["email_status"])));
        var items = Items(answer);
        var dates = items.Select(i => Text(i["date"])).ToList();
        Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), dates);
        var sent = items.First(i => Text(i["activity"]) == "Email sent");
        Assert.True(sent["message"]!["id"]!.GetValue<long>() > 0 && Text(sent["message"]!["name"]).Length > 0);
        Assert.Contains(items, i => Text(i["activity"]) == "Email opened");
        Assert.Equal(1, Host.ListRequestsFor(7)); // message names: one read for the page
    }

    [Fact]
    public async Task Get_contact_log_filters_by_activity_and_window_and_echoes_the_window()
    {
        var answer = (await Host.Client.CallAsync("get_contact_log", new { contact = "john.smith@example.com", activity = "email opened", since = "last 90 days" })).Ok();
        Assert.All(Items(answer), i => Assert.Equal("Email opened", Text(i["activity"])));
        Assert.Equal("Email opened", Text(answer["activity"]));
        Assert.Equal(("2026-08-20T07:00:00Z", "2026-11-18T17:00:00Z"), (Text(answer["window"]!["since"]), Text(answer["window"]!["until"])));
        var since = new DateTimeOffset(2026, 8, 20, 7, 0, 0, TimeSpan.Zero);
        Assert.Equal(Host.DemoAccount.All(4).Count(l => l["contact_id"] == "1" && l["type"] == "2" && FromUnix(l["date"]) >= since), answer["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_contact_log_says_when_there_is_no_activity_in_the_window()
    {
        var answer = (await Host.Client.CallAsync("get_contact_log", new { contact = "1", since = "2020-01-01", until = "2020-12-31" })).Ok();
        Assert.Equal(0, answer["count"]!.GetValue<int>());
        Assert.Contains("No logged activity for John Smith with these filters", Text(answer["note"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"contact":"John Smith","activity":"Email bounced"}""", "activity: 'Email bounced' is not one of")]
    [InlineData("""{"contact":"John Smith","since":"someday"}""", "since: 'someday' is not a date")]
    [InlineData("""{"contact":"John Smith","since":"2026-11-10","until":"2026-11-01"}""", "The window is empty")]
    [InlineData("""{"contact":"John Smith","start":-5}""", "start must be 0 or more")]
    public async Task Get_contact_log_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.Client.CallAsync("get_contact_log", JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(Host.UpstreamRequests(), r => !r.QueryString.Contains("objectID=2", StringComparison.Ordinal)); // at most the account's time-zone read
    }

    // ---------- get_automation_log ----------

    [Fact]
    public async Task Get_automation_log_shows_which_automations_Jane_Doe_joined_in_the_last_three_months()
    {
        var answer = (await Host.Client.CallAsync("get_automation_log", new { contact = "Jane Doe", since = "last three months" })).Ok();
        var added = Items(answer).Where(i => Text(i["description"]).StartsWith("Added to automation", StringComparison.Ordinal)).Select(i => i["automation"]!.ToJsonString()).ToList();
        Assert.Equal(["{\"id\":6,\"name\":\"Lead Nurture\"}", "{\"id\":3,\"name\":\"Webinar Registration\"}"], added);
        Assert.Equal(["{\"id\":3,\"name\":\"Webinar Registration\"}", "{\"id\":6,\"name\":\"Lead Nurture\"}"], answer["current_automations"]!.AsArray().Select(a => a!.ToJsonString()));
        Assert.Equal("2026-08-18T07:00:00Z", Text(answer["window"]!["since"]));
        Assert.Equal(Host.DemoAccount.All(100).Count(l => l["contact_id"] == "2" && FromUnix(l["date"]) >= new DateTimeOffset(2026, 8, 18, 7, 0, 0, TimeSpan.Zero)), answer["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_automation_log_filters_by_automation_and_is_empty_for_a_contact_never_in_one()
    {
        var one = (await Host.Client.CallAsync("get_automation_log", new { contact = "Jane Doe", automation = "Webinar Registration" })).Ok();
        Assert.All(Items(one), i => Assert.Equal((3, "Webinar Registration"), (i["automation"]!["id"]!.GetValue<int>(), Text(i["automation"]!["name"]))));
        Assert.NotEmpty(Items(one));

        var none = (await Host.Client.CallAsync("get_automation_log", new { contact = "mike@oldcompany.com" })).Ok();
        Assert.Equal(0, none["count"]!.GetValue<int>());
        Assert.Empty(none["current_automations"]!.AsArray());
        Assert.Contains("No automation activity for Mike Turner", Text(none["note"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"contact":"Jane Doe","since":"last fortnight"}""", "since: 'last fortnight' is not a date")]
    [InlineData("""{"contact":"Jane Doe","limit":0}""", "limit must be between 1 and 50")]
    [InlineData("""{"since":"last 30 days"}""", "Missing required argument 'contact'")]
    public async Task Get_automation_log_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.Client.CallAsync("get_automation_log", JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }

    // ---------- get_recent_messages ----------

    [Fact]
    public async Task Get_recent_messages_shows_what_went_out_this_month_and_how_it_performed()
    {
        var answer = (await Host.Client.CallAsync("get_recent_messages", new { since = "this month" })).Ok();
        Assert.Equal(("2026-11-01T07:00:00Z", "2026-12-01T08:00:00Z"), (Text(answer["window"]!["since"]), Text(answer["window"]!["until"])));
        var monthStart = new DateTimeOffset(2026, 11, 1, 7, 0, 0, TimeSpan.Zero);
        var expected = Host.DemoAccount.All(7).Where(m => m["type"] is "email" or "template" or "sms" && FromUnix(m["date"]) >= monthStart).ToList();
        Assert.Equal(expected.Count, answer["count"]!.GetValue<int>());
        var items = Items(answer);
        var newsletter = items.Single(i => Text(i["name"]) == "November newsletter");
        var truth = expected.Single(m => m["name"] == "November newsletter");
        var (sent, opened, clicked) = (long.Parse(truth["mcsent"]!), long.Parse(truth["mcopened"]!), long.Parse(truth["mcclicked"]!));
        Assert.Equal((sent, opened, clicked), (newsletter["sent"]!.GetValue<long>(), newsletter["opened"]!.GetValue<long>(), newsletter["clicked"]!.GetValue<long>()));
        Assert.Equal(Math.Round(100m * opened / sent, 1), newsletter["open_rate_percent"]!.GetValue<decimal>());
        Assert.Equal(Math.Round(100m * clicked / sent, 1), newsletter["click_rate_percent"]!.GetValue<decimal>());
        Assert.Contains(items, i => Text(i["type"]) == "sms" && i["opened"] is null);
        var totals = answer["totals"]!;
        Assert.Equal("all messages in the window", Text(totals["covers"]));
        Assert.Equal(expected.Sum(m => long.Parse(m["mcsent"]!)), totals["sent"]!.GetValue<long>());
        Assert.DoesNotContain(items, i => Text(i["name"]) == "Demo follow-up"); // task messages are not sends
    }

    [Fact]
    public async Task Get_recent_messages_filters_sms_and_is_empty_for_a_quiet_window()
    {
        var sms = (await Host.Client.CallAsync("get_recent_messages", new { message_type = "sms" })).Ok();
        Assert.Equal(2, sms["count"]!.GetValue<int>());
        Assert.All(Items(sms), i => Assert.Equal("sms", Text(i["type"])));

        var quiet = (await Host.Client.CallAsync("get_recent_messages", new { since = "2020-01-01", until = "2020-01-31" })).Ok();
        Assert.Equal(0, quiet["count"]!.GetValue<int>());
        Assert.Null(quiet["totals"]);
        Assert.Contains("No email or SMS message is dated in this window", Text(quiet["note"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"message_type":"fax"}""", "message_type must be email, sms or all")]
    [InlineData("""{"since":"the other day"}""", "since: 'the other day' is not a date")]
    public async Task Get_recent_messages_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.Client.CallAsync("get_recent_messages", JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }

    // ---------- get_recent_notes ----------

    [Fact]
    public async Task Get_recent_notes_shows_the_last_ten_notes_with_author_and_contact_names_in_three_reads_of_names()
    {
        var answer = (await Host.Client.CallAsync("get_recent_notes", new { limit = 10 })).Ok();
        var newest = Host.DemoAccount.All(12).OrderByDescending(n => long.Parse(n["date"]!)).Take(10).ToList();
        Assert.Equal(Host.DemoAccount.Count(12), answer["count"]!.GetValue<int>());
        var items = Items(answer);
        Assert.Equal(newest.Select(n => long.Parse(n["id"]!)), items.Select(i => i["id"]!.GetValue<long>()));
        var users = new Dictionary<string, string> { ["1"] = "Alex Morgan", ["2"] = "Sarah Mitchell", ["3"] = "David Chen", ["4"] = "Priya Patel" };
        Assert.Equal(newest.Select(n => users[n["author"]!]), items.Select(i => Text(i["author"])));
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(Text(i["contact"]))));
        Assert.Equal(1, Host.ListRequestsFor(2)); // authors: one batched read, not one per note
        Assert.Equal(1, Host.ListRequestsFor(0)); // contacts: likewise
    }

    [Fact]
    public async Task Get_recent_notes_filters_call_notes_and_one_contact()
    {
        var calls = (await Host.Client.CallAsync("get_recent_notes", new { note_type = "call", limit = 50 })).Ok();
        Assert.Equal(Host.DemoAccount.All(12).Count(n => n["type"] == "1"), calls["count"]!.GetValue<int>());
        Assert.All(Items(calls), i => Assert.Equal("Phone Call", Text(i["type"])));

        var john = (await Host.Client.CallAsync("get_recent_notes", new { contact = "John Smith" })).Ok();
        Assert.Equal(Host.DemoAccount.All(12).Count(n => n["contact_id"] == "1"), john["count"]!.GetValue<int>());
        Assert.All(Items(john), i => Assert.Equal("John Smith", Text(i["contact"])));
    }

    [Fact]
    public async Task Get_recent_notes_is_empty_when_nothing_matches()
    {
        var answer = (await Host.Client.CallAsync("get_recent_notes", new { search = "quantum entanglement" })).Ok();
        Assert.Equal(0, answer["count"]!.GetValue<int>());
        Assert.Equal("No note matches these filters.", Text(answer["note"]));
    }

    [Fact]
    public async Task Get_recent_notes_refuses_a_limit_over_fifty_as_its_schema_says()
    {
        var error = (await Host.Client.CallAsync("get_recent_notes", new { limit = 500 })).Error();
        Assert.Contains("limit must be between 1 and 50, not 500.", error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }

    [Theory]
    [InlineData("""{"note_type":"telegram"}""", "note_type: 'telegram' is not one of 'Note', 'Phone Call', 'Email', 'Meeting'")]
    [InlineData("""{"until":"next blue moon"}""", "until: 'next blue moon' is not a date")]
    public async Task Get_recent_notes_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.Client.CallAsync("get_recent_notes", JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }

    // ---------- get_recent_tasks ----------

    [Fact]
    public async Task Get_recent_tasks_lists_open_tasks_by_due_date_with_assignee_names()
    {
        var answer = (await Host.Client.CallAsync("get_recent_tasks", new { limit = 50 })).Ok();
        var open = Host.DemoAccount.All(1).Where(t => t["status"] == "0").ToList();
        Assert.Equal(open.Count, answer["count"]!.GetValue<int>());
        var items = Items(answer);
        Assert.All(items, i => Assert.Equal("pending", Text(i["status"])));
        var due = items.Select(i => Text(i["due"])).ToList();
        Assert.Equal(due.Order(StringComparer.Ordinal), due);
        Assert.All(items.Where(i => string.CompareOrdinal(Text(i["due"]), "2026-11-18T17:00:00Z") < 0), i => Assert.True(i["overdue"]!.GetValue<bool>()));
        var john = items.Single(i => i["id"]!.GetValue<int>() == 4801);
        Assert.Equal(("Sarah Mitchell", "John Smith"), (Text(john["assignee"]), Text(john["contact"])));
        Assert.Equal(1, Host.ListRequestsFor(2));
    }

    [Fact]
    public async Task Get_recent_tasks_filters_by_assignee_and_shows_outcomes_of_completed_tasks()
    {
        var sarah = (await Host.Client.CallAsync("get_recent_tasks", new { owner = "Sarah", limit = 50 })).Ok();
        Assert.Equal(Host.DemoAccount.All(1).Count(t => t["status"] == "0" && t["owner"] == "2"), sarah["count"]!.GetValue<int>());
        Assert.All(Items(sarah), i => Assert.Equal("Sarah Mitchell", Text(i["assignee"])));

        var done = (await Host.Client.CallAsync("get_recent_tasks", new { status = "completed", limit = 50 })).Ok();
        Assert.Equal(Host.DemoAccount.All(1).Count(t => t["status"] == "1"), done["count"]!.GetValue<int>());
        var withOutcome = Items(done).Where(i => i["outcome"] is not null).ToList();
        Assert.NotEmpty(withOutcome);
        Assert.All(withOutcome, i => Assert.Contains(Text(i["outcome"]), new[] { "interested", "left voicemail", "not interested", "no answer", "call back later", "meeting booked" }));
    }

    [Fact]
    public async Task Get_recent_tasks_is_empty_for_a_window_without_tasks()
    {
        var answer = (await Host.Client.CallAsync("get_recent_tasks", new { status = "all", since = "2020-01-01", until = "2020-01-02" })).Ok();
        Assert.Equal(0, answer["count"]!.GetValue<int>());
        Assert.Equal(("2020-01-01T08:00:00Z", "2020-01-03T08:00:00Z"), (Text(answer["due_window"]!["since"]), Text(answer["due_window"]!["until"])));
        Assert.Contains("No task matches these filters", Text(answer["note"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"status":"finished"}""", "status must be open, completed, cancelled or all")]
    [InlineData("""{"since":"someday"}""", "since: 'someday' is not a date")]
    [InlineData("""{"limit":-1}""", "limit must be between 1 and 50")]
    public async Task Get_recent_tasks_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.Client.CallAsync("get_recent_tasks", JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }

    // ---------- get_task_form_requirements ----------

    [Fact]
    public async Task Get_task_form_requirements_lists_the_form_fields_and_outcomes_of_task_4821()
    {
        var answer = (await Host.Client.CallAsync("get_task_form_requirements", new { task_id = 4821 })).Ok();
        Assert.Equal(("Demo follow-up with Sarah", "pending"), (Text(answer["subject"]), Text(answer["status"])));
        Assert.Equal("Demo follow-up", Text(answer["task_message"]!["name"]));
        var field = Assert.Single(answer["form_fields"]!.AsArray())!;
        Assert.Equal(("f1601", "Coaching Program", true, "drop"), (Text(field["field"]), Text(field["label"]), field["required"]!.GetValue<bool>(), Text(field["type"])));
        Assert.Equal("Mastermind", Text(field["options"]!["3"]));
        Assert.Equal(["f1601"], answer["required_without_value"]!.AsArray().Select(Text));
        Assert.Equal(["interested", "left voicemail", "not interested", "no answer", "call back later", "meeting booked", "wrong number"],
            answer["outcomes"]!.AsArray().Select(o => Text(o!["name"])));
        Assert.Contains("complete_task", Text(answer["note"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_task_form_requirements_of_a_task_without_a_form_needs_only_an_outcome()
    {
        var answer = (await Host.Client.CallAsync("get_task_form_requirements", new { task_id = 4801 })).Ok();
        Assert.Empty(answer["form_fields"]!.AsArray());
        Assert.Equal("This task has no form: complete_task needs only an outcome (and optionally a note).", Text(answer["note"]));
        Assert.Equal(7, answer["outcomes"]!.AsArray().Count);
    }

    [Fact]
    public async Task Get_task_form_requirements_refuses_a_bad_or_unknown_task()
    {
        var bad = (await Host.Client.CallAsync("get_task_form_requirements", new { task_id = 0 })).Error();
        Assert.Contains("task_id must be a task id", bad, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);

        var unknown = (await Host.Client.CallAsync("get_task_form_requirements", new { task_id = 999999 })).Error();
        Assert.Contains("there is no task with id 999999", unknown, StringComparison.Ordinal);
    }

    // ---------- get_scheduled_broadcasts ----------

    [Fact]
    public async Task Get_scheduled_broadcasts_shows_what_goes_out_this_week()
    {
        var answer = (await Host.Client.CallAsync("get_scheduled_broadcasts", new { since = "this week" })).Ok();
        Assert.Equal(("2026-11-16T08:00:00Z", "2026-11-23T08:00:00Z"), (Text(answer["window"]!["since"]), Text(answer["window"]!["until"])));
        var weekStart = new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero);
        var expected = Host.DemoAccount.All(23).Where(b => b["status"] == "0" && FromUnix(b["send_date"]) >= weekStart && FromUnix(b["send_date"]) < weekStart.AddDays(7))
            .OrderBy(b => long.Parse(b["send_date"]!)).Select(b => b["name"]).ToList();
        Assert.NotEmpty(expected);
        var items = Items(answer);
        Assert.Equal(expected, items.Select(i => Text(i["name"])));
        var first = items[0];
        Assert.Equal(("Scheduled", "email", 1236), (Text(first["status"]), Text(first["type"]), first["recipients"]!.GetValue<int>()));
        Assert.Equal((5, "Newsletter subscribers"), (first["group"]!["id"]!.GetValue<int>(), Text(first["group"]!["name"])));
        Assert.True(first["message"]!["id"]!.GetValue<long>() > 0 && Text(first["message"]!["name"]).Length > 0);
    }

    [Fact]
    public async Task Get_scheduled_broadcasts_lists_every_upcoming_one_by_default_and_past_ones_by_status()
    {
        var upcoming = (await Host.Client.CallAsync("get_scheduled_broadcasts")).Ok();
        Assert.Equal(Host.DemoAccount.All(23).Count(b => b["status"] == "0"), upcoming["count"]!.GetValue<int>());
        var sendDates = Items(upcoming).Select(i => Text(i["send_date"])).ToList();
        Assert.Equal(sendDates.Order(StringComparer.Ordinal), sendDates);

        var sent = (await Host.Client.CallAsync("get_scheduled_broadcasts", new { status = "sent" })).Ok();
        Assert.Equal(["Summer Sale launch", "November newsletter"], Items(sent).Select(i => Text(i["name"])));
    }

    [Fact]
    public async Task Get_scheduled_broadcasts_is_empty_for_a_window_without_sends()
    {
        var answer = (await Host.Client.CallAsync("get_scheduled_broadcasts", new { since = "2020-01-01", until = "2020-01-07" })).Ok();
        Assert.Equal(0, answer["count"]!.GetValue<int>());
        Assert.Contains("No broadcast with this status sends in this window", Text(answer["note"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"status":"queued"}""", "status: 'queued' is not one of 'Scheduled', 'Sending', 'Sent', 'Cancelled'")]
    [InlineData("""{"message_type":"fax"}""", "message_type must be email, sms or all")]
    [InlineData("""{"since":"soonish"}""", "since: 'soonish' is not a date")]
    public async Task Get_scheduled_broadcasts_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.Client.CallAsync("get_scheduled_broadcasts", JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }

    // ---------- get_landing_page_url ----------

    [Fact]
    public async Task Get_landing_page_url_finds_the_summer_sale_page_by_name()
    {
        var answer = (await Host.Client.CallAsync("get_landing_page_url", new { name = "summer sale" })).Ok();
        Assert.Equal((1, "Summer Sale", "https://threemarketeers.ontraport.net/summer-sale"),
            (answer["id"]!.GetValue<int>(), Text(answer["name"]), Text(answer["url"])));
        Assert.Single(Host.UpstreamRequests(), r => r.Path == "landingPage/getHostedURL" && r.QueryString == "id=1");
    }

    [Fact]
    public async Task Get_landing_page_url_by_id()
    {
        var answer = (await Host.Client.CallAsync("get_landing_page_url", new { id = 2 })).Ok();
        Assert.Equal(("Free Strategy Call", "https://threemarketeers.ontraport.net/free-strategy-call"), (Text(answer["name"]), Text(answer["url"])));
    }

    [Fact]
    public async Task Get_landing_page_url_lists_pages_when_the_name_matches_none_or_several()
    {
        var none = (await Host.Client.CallAsync("get_landing_page_url", new { name = "Black Friday" })).Error();
        Assert.Contains("no landing page is named 'Black Friday'", none, StringComparison.Ordinal);
        Assert.Contains("1 'Summer Sale'", none, StringComparison.Ordinal);

        var several = (await Host.Client.CallAsync("get_landing_page_url", new { name = "ma" })).Error();
        Assert.Contains("matches", several, StringComparison.Ordinal);
        Assert.Contains("Give the id", several, StringComparison.Ordinal);
        Assert.DoesNotContain(Host.UpstreamRequests(), r => r.Path == "landingPage/getHostedURL");
    }

    [Theory]
    [InlineData("""{}""", "Give the landing page's id or its name")]
    [InlineData("""{"id":1,"name":"Summer Sale"}""", "Give either id or name, not both")]
    [InlineData("""{"id":-4}""", "id must be a landing page id")]
    public async Task Get_landing_page_url_bad_input_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.Client.CallAsync("get_landing_page_url", JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }
}
