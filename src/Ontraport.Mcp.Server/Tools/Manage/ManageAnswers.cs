using System.Text.Json.Serialization;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Manage;

// The typed answers of the Manage tools, serialized by ToolOutput.Json<T> (ToolJson: snake_case, nulls dropped).
// Property order is the order of the answer. A property with JsonIgnoreCondition.Never is written even when null: the
// answer has always said "null" there, and every byte of an answer is a contract (ToolAnswers/).

/// <summary>A record by id and its name as Ontraport holds it (null when it has none).</summary>
public sealed record ListedRef(long Id, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name, string? Status = null);

/// <summary>A sequence subscriber (8): which sequence and which record.</summary>
public sealed record SubscriberRef(
    long Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? SequenceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? ObjectId);

/// <summary>A task as the task tools answer it (see <see cref="TaskSummaries"/>).</summary>
public sealed record TaskSummary
{
    public required long Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Subject { get; init; }

    public required string Status { get; init; }

    /// <summary>The contact, for a task on a contact.</summary>
    public long? ContactId { get; init; }

    /// <summary>The record, for a task on another object type.</summary>
    public long? RecordId { get; init; }

    public string? Assignee { get; init; }

    public string? DateDue { get; init; }

    public string? DateComplete { get; init; }

    public string? Outcome { get; init; }
}

/// <summary>Which records a bulk Manage call acts on, as its answer says it: a contact, a group, or a number of ids.</summary>
public sealed record TargetEcho(RecordRef? Contact, ListedRef? Group, int? Ids);

/// <summary>A task answer with nothing sent, and why.</summary>
public sealed record TaskNoteAnswer(TaskSummary Task, string Note);

/// <summary>A dry run that shows the task it would act on.</summary>
public sealed record TaskDryRun(TaskSummary Task) : DryRunAnswer;

/// <summary><c>cancel_task</c>.</summary>
public sealed record TaskCancelledAnswer(string? ReadBack, bool Cancelled, TaskSummary Task);

/// <summary><c>complete_task</c> dry run: the task and the outcome it would be completed with.</summary>
public sealed record CompleteDryRun(TaskSummary Task, string? Outcome) : DryRunAnswer;

/// <summary><c>complete_task</c>: the task now, the outcome and what was saved with it.</summary>
public sealed record TaskCompletedAnswer
{
    public required TaskSummary Task { get; init; }

    public string? Outcome { get; init; }

    public string? ReadBack { get; init; }

    public bool? Completed { get; init; }

    public bool? NoteSaved { get; init; }

    /// <summary>The form fields saved, as the record shows them (field names are the account's).</summary>
    public System.Text.Json.Nodes.JsonObject? FormSaved { get; init; }
}

/// <summary><c>reschedule_task</c> dry run.</summary>
public sealed record RescheduleDryRun(TaskSummary Task, string NewDue) : DryRunAnswer;

/// <summary><c>reschedule_task</c>: the task now and the due date it had.</summary>
public sealed record RescheduledAnswer(TaskSummary Task, string? ReadBack, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PreviousDue);

/// <summary><c>assign_task</c>: the message, the records, the assignee and due date, and the tasks created.</summary>
public sealed record TaskAssignedAnswer
{
    public required ListedRef TaskMessage { get; init; }

    public required string ObjectType { get; init; }

    public RecordRef? Contact { get; init; }

    public ListedRef? Group { get; init; }

    public int? Ids { get; init; }

    public required long Records { get; init; }

    public string? Assignee { get; init; }

    public string? Due { get; init; }

    public long? Assigned { get; init; }

    public IReadOnlyList<TaskSummary>? Tasks { get; init; }

    public string? ReadBack { get; init; }

    public string? Note { get; init; }
}

/// <summary><c>manage_tags</c>.</summary>
public sealed record TagsAnswer
{
    public required string Action { get; init; }

    public required string ObjectType { get; init; }

    public RecordRef? Contact { get; init; }

    public ListedRef? Group { get; init; }

    public int? Ids { get; init; }

    public required long Records { get; init; }

    public required IReadOnlyList<ListedRef> Tags { get; init; }

    public IReadOnlyList<string>? WouldCreateTags { get; init; }

    public IReadOnlyList<string>? CreatedTags { get; init; }

    public long? Changing { get; init; }

    /// <summary>What Ontraport said of the actions.</summary>
    public string? Ontraport { get; init; }

    public string? Note { get; init; }
}

/// <summary><c>manage_subscriptions</c>.</summary>
public sealed record SubscriptionsAnswer
{
    public required string Action { get; init; }

    public required string ObjectType { get; init; }

    public RecordRef? Contact { get; init; }

    public ListedRef? Group { get; init; }

    public int? Ids { get; init; }

    public required long Records { get; init; }

    public IReadOnlyList<ListedRef>? Sequences { get; init; }

    public IReadOnlyList<ListedRef>? Automations { get; init; }

    public long? Changing { get; init; }

    public string? Paused { get; init; }

    public string? Note { get; init; }

    public string? Ontraport { get; init; }
}

/// <summary><c>pause_unpause_objects</c>; the lists hold <see cref="ListedRef"/>s, or <see cref="SubscriberRef"/>s for sequence subscribers.</summary>
public sealed record PauseAnswer
{
    public required string Action { get; init; }

    public required string ObjectType { get; init; }

    public required int Records { get; init; }

    public IReadOnlyList<object>? Paused { get; init; }

    public IReadOnlyList<object>? Unpaused { get; init; }

    public IReadOnlyList<object>? AlreadyPaused { get; init; }

    public IReadOnlyList<object>? AlreadyLive { get; init; }

    public string? Note { get; init; }

    public string? Status { get; init; }
}

/// <summary><c>manage_relationships</c>: the two records, how they are linked, and whether anything changed.</summary>
public sealed record RelationshipAnswer
{
    public required string Action { get; init; }

    public required RecordRef Record { get; init; }

    public required RecordRef Related { get; init; }

    public string? By { get; init; }

    public long? Replaces { get; init; }

    public bool? Changed { get; init; }

    public string? Note { get; init; }
}

/// <summary><c>manage_relationships</c> dry run: the two records, how they would be linked, and the link it replaces.</summary>
public sealed record RelationshipDryRun(string Action, RecordRef Record, RecordRef Related, string? By, long? Replaces) : DryRunAnswer
{
    public static RelationshipDryRun Of(RelationshipAnswer answer) => new(answer.Action, answer.Record, answer.Related, answer.By, answer.Replaces);
}
