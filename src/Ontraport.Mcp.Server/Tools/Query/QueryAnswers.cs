using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

// The typed answers of the Query tools, serialized by ToolOutput.Json<T> (snake_case, nulls dropped unless a property
// says otherwise: a field Ontraport left empty is still shown as null where the answer always had it).

/// <summary>A person or record the answer is about, by id and name (the name shown even when empty or unknown).</summary>
public sealed record NameEcho(long Id, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name);

/// <summary>Who a log is about: id, name, email, last activity and email status.</summary>
public sealed record ContactSummary(long Id, string Name, string? Email, string? LastActivity, string? EmailStatus);

/// <summary><c>get_recent_notes</c>: one note.</summary>
public sealed record NoteItem(long Id, string? Date, string? Type, string? Author, long? ContactId, string? Contact,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Note);

/// <summary><c>get_recent_notes</c>.</summary>
public sealed record NotesAnswer(NameEcho? Contact, string? NoteType, DateWindow? Window) : ListAnswer<NoteItem>;

/// <summary><c>get_contact_log</c>: one logged activity.</summary>
public sealed record LogEntry(long Id, string? Date,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? Activity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Description,
    RecordRef? Message);

/// <summary><c>get_contact_log</c>.</summary>
public sealed record ContactLogAnswer(ContactSummary Contact, DateWindow? Window, string? Activity) : ListAnswer<LogEntry>;

/// <summary><c>get_automation_log</c>: one step of an automation.</summary>
public sealed record AutomationLogEntry(long Id, string? Date, RecordRef? Automation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Description);

/// <summary><c>get_automation_log</c>.</summary>
public sealed record AutomationLogAnswer(ContactSummary Contact, IReadOnlyList<RecordRef> CurrentAutomations, NameEcho? Automation, DateWindow? Window)
    : ListAnswer<AutomationLogEntry>;

/// <summary><c>get_recent_messages</c>: one message's performance, an email's or a text's.</summary>
[JsonDerivedType(typeof(EmailPerformance))]
[JsonDerivedType(typeof(SmsPerformance))]
public abstract record MessagePerformance;

/// <summary>An email's performance: opens and the open rate too (null when nothing was sent).</summary>
public sealed record EmailPerformance(
    long Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name,
    string? Subject,
    string Type,
    string? Date,
    long Sent,
    long Opened,
    long Clicked,
    long Unsubscribed,
    long? Complaints,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? OpenRatePercent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? ClickRatePercent) : MessagePerformance;

/// <summary>A text's performance (texts have no opens).</summary>
public sealed record SmsPerformance(
    long Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name,
    string? Subject,
    string Type,
    string? Date,
    long Sent,
    long Clicked,
    long Unsubscribed,
    long? Complaints,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? ClickRatePercent) : MessagePerformance;

/// <summary><c>get_recent_messages</c>: what the totals add up.</summary>
public sealed record MessageTotals(
    string Covers,
    int Messages,
    long Sent,
    long Opened,
    long Clicked,
    long Unsubscribed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? EmailOpenRatePercent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? ClickRatePercent);

/// <summary><c>get_recent_messages</c>.</summary>
public sealed record RecentMessagesAnswer(DateWindow Window, MessageTotals? Totals) : ListAnswer<MessagePerformance>;

/// <summary><c>get_recent_tasks</c>: one task (the subject shown even when empty).</summary>
public sealed record TaskItem(
    long Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Subject,
    string Status,
    string? Assignee,
    long? ContactId,
    string? Contact,
    string? Due,
    bool? Overdue,
    string? Assigned,
    string? Completed,
    string? Outcome);

/// <summary><c>get_recent_tasks</c>.</summary>
public sealed record RecentTasksAnswer(string Status, NameEcho? Assignee, NameEcho? Contact, DateWindow? DueWindow) : ListAnswer<TaskItem>;

/// <summary><c>get_scheduled_broadcasts</c>: one broadcast (the name shown even when empty).</summary>
public sealed record BroadcastItem(
    long Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name,
    string? Type,
    string? Status,
    string? SendDate,
    long? Recipients,
    RecordRef? Message,
    RecordRef? Group);

/// <summary><c>get_scheduled_broadcasts</c>.</summary>
public sealed record BroadcastsAnswer(string Status, DateWindow? Window) : ListAnswer<BroadcastItem>;

/// <summary><c>get_groups</c>: one saved group and its filter in words (name and filter shown even when empty).</summary>
public sealed record GroupItem(
    long Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name,
    string ObjectType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Filter,
    long? Members,
    string? Owner,
    string? Created);

/// <summary><c>get_groups</c>.</summary>
public sealed record GroupsAnswer(string? ObjectType) : ListAnswer<GroupItem>;

/// <summary>
/// <c>get_subscribers</c>: the list asked about (one of tag, sequence, automation) and its members, records shaped as
/// words (their fields are the account's, so each stays an object).
/// </summary>
public sealed record SubscribersAnswer(NameEcho? Tag, NameEcho? Sequence, NameEcho? Automation, string ObjectType) : ListAnswer<JsonObject>;

/// <summary><c>build_api_condition</c>: the condition as understood, as Ontraport's criteria, and a request that uses it.</summary>
public sealed record ConditionAnswer(string ObjectType, string Understood, JsonNode Criteria, string ConditionParameter, string? TimeZone, string? Note, JsonObject ExampleRequest);

/// <summary><c>get_landing_page_url</c> (the name shown even when empty).</summary>
public sealed record LandingPageAnswer(long Id, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name, string Url, string? LastModified);

/// <summary><c>get_account_info</c>: a staff user (email, role, title and time zone as the account words them).</summary>
public sealed record AccountUser(long Id, string Name, JsonNode? Email, JsonNode? Role, JsonNode? Title, JsonNode? Timezone);

/// <summary><c>get_account_info</c>: the account's time zone and where it was read from.</summary>
public sealed record AccountTimeZone(string Id, string UtcOffset, string LocalTime, string Source);

/// <summary><c>get_account_info</c>; a gateway is the account's record, shaped as words.</summary>
public sealed record AccountInfoAnswer(long? AccountId, string? Mode, AccountTimeZone TimeZone, IReadOnlyList<AccountUser> Users, IReadOnlyList<JsonObject> Gateways);

/// <summary><c>get_object_meta</c>: one field (its options keyed by the stored code, as Ontraport keys them).</summary>
public sealed record FieldDescription(
    string Name,
    string? Label,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Type,
    bool? Required,
    bool? Unique,
    bool? ReadOnly,
    string? Lookup,
    IReadOnlyDictionary<string, string>? Options);

/// <summary><c>get_object_meta</c>.</summary>
public sealed record ObjectMetaAnswer(string ObjectType, int Id, int FieldCount, string? Search, int? Matching, string? Note, IReadOnlyList<FieldDescription> Fields);

/// <summary><c>get_task_form_requirements</c>: one field of the task's form and its current value on the record.</summary>
public sealed record TaskFormField(
    string Field,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Label,
    bool Required,
    string? Type,
    IReadOnlyDictionary<string, string>? Options,
    JsonNode? CurrentValue);

/// <summary><c>get_task_form_requirements</c>: the record a task is on.</summary>
public sealed record TaskRecord(string ObjectType, long Id);

/// <summary><c>get_task_form_requirements</c> (subject and status shown even when empty).</summary>
public sealed record TaskFormAnswer(
    long TaskId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Subject,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Status,
    TaskRecord? Record,
    NameEcho? TaskMessage,
    IReadOnlyList<TaskFormField> FormFields,
    IReadOnlyList<string>? RequiredWithoutValue,
    IReadOnlyList<NameEcho> Outcomes,
    string Note);

/// <summary><c>list_allowed_object_types</c>: one object type, what the generic tools may do with it and which tools serve it.</summary>
public sealed record AllowedType(
    int Id,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Category,
    string Access,
    IReadOnlyList<string>? Tools,
    string? WritesOnlyThrough,
    bool? Enabled,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Description);

/// <summary><c>list_allowed_object_types</c>.</summary>
public sealed record AllowedTypesAnswer(int Count, string? Search, string? Note, IReadOnlyList<AllowedType> Types);
