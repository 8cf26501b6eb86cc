using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client;
using Ontraport.Client.Conditions;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Client.Tasks;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Manage;

[McpServerToolType, Toolset(Toolsets.Manage)]
public sealed class AssignTaskTool(ToolSession session, RecordLookup lookup)
{
    private readonly RecordTargets _targets = new(session, lookup);
    private readonly TaskMessages _messages = new(session);
    private readonly TaskSummaries _summaries = new(session, lookup);

    [McpServerTool(Name = "assign_task", Title = "Assign task", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Create tasks from a task message; owner and due date default to the message.")]
    public async Task<CallToolResult> AssignTask(
        string task_message,
        string? contact = null,
        long[]? ids = null,
        long? group_id = null,
        string? owner = null,
        string? due_date = null,
        string object_type = "contacts",
        bool allow_duplicate = false,
        [Range(1, int.MaxValue)] int? confirm_count = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(task_message))
        {
            throw new ToolInputException("task_message is required: the id or name of a task message, e.g. \"Demo follow-up\".");
        }

        if (due_date is not null)
        {
            TaskDueDates.Precheck(due_date, "due_date", session.Time);
        }

        var type = await session.ObjectTypeAsync(object_type, cancellationToken);
        RecordTargets.Check(type, ids, contact, group_id);

        var message = await _messages.FindAsync(task_message, cancellationToken);
        if ((message.GetLong("object_type_id") ?? 0) != type.Id)
        {
            throw new ToolInputException($"task_message {message.Id} '{message["name"]}' is for {ObjectTypeCatalog.BuiltIn.Find((int)(message.GetLong("object_type_id") ?? 0))?.Name ?? "another object type"}, not {type.Name}.");
        }

        var assignee = owner is null ? null : await lookup.UserAsync(owner, cancellationToken);
        DateTimeOffset? due = due_date is null ? null : await TaskDueDates.ReadAsync(session, due_date, "due_date", session.Time.GetUtcNow(), cancellationToken);
        var target = await _targets.ReadAsync(type, ids, contact, group_id, ["firstname", "lastname", "email", "name"], cancellationToken);
        var answer = new TaskAssignedAnswer
        {
            TaskMessage = new ListedRef(message.Id, message["name"]),
            ObjectType = type.Name,
            Contact = target.Echo.Contact,
            Group = target.Echo.Group,
            Ids = target.Echo.Ids,
            Records = target.Count,
        };
        if (target.Count == 0)
        {
            return ToolOutput.Json(answer with { Note = "The group has no members; no task was created." });
        }

        if (target.Records is { } records && !allow_duplicate)
        {
            await RefuseDuplicatesAsync(type, message, records, cancellationToken);
        }

        var ownerId = assignee?.Id ?? message.GetLong("task_owner");
        if (ownerId is > 0)
        {
            var names = await lookup.UserNamesAsync([ownerId.Value], cancellationToken);
            answer = answer with { Assignee = names.GetValueOrDefault(ownerId.Value, $"user {ownerId}") };
        }

        answer = answer with { Due = due is { } at ? RecordShaper.IsoDate(at) : $"{message.GetLong("due_date") ?? 0} days after assignment (the task message's default)" };
        var request = TaskRequests.Assign(type.Id, target.Selection, message.Id, due, assignee?.Id);
        if (dry_run)
        {
            return ToolOutput.BulkDryRun([request], AnswerNodes.Of(answer), target.Count, "create a task for");
        }

        ToolSession.EnsureBulkConfirmed(target.Count, confirm_count, "create a task for");
        await session.Client.SendAsync(request, cancellationToken);
        answer = answer with { Assigned = target.Count };
        if (target.Records is { Count: <= ListOptions.MaxRange } created)
        {
            // The tasks exist now: reading them back is best effort and never turns the assignment into an error.
            var tasks = await ReadBack.AfterWriteAsync<IReadOnlyList<TaskSummary>>(
                async ct => await _summaries.ManyAsync(await NewestAsync(type, message, created, ct), ct), cancellationToken);
            return ToolOutput.Json(tasks.Value is { } summaries
                ? answer with { Tasks = summaries }
                : answer with { ReadBack = AfterWrite.Note(tasks, "the new tasks", $"read them with get_recent_tasks (contact: {created[0].Id})") });
        }

        return ToolOutput.Json(answer with { Note = "Ontraport created one task per record; read them with get_recent_tasks." });
    }

    private async Task RefuseDuplicatesAsync(ObjectType type, OntraportRecord message, IReadOnlyList<OntraportRecord> records, CancellationToken cancellationToken)
    {
        var pending = await TasksFromAsync(type, message, records, pendingOnly: true, records.Count, cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }

        var described = string.Join("; ", pending.Take(5).Select(t => $"task {t.Id} '{t["subject"]}'" + (t.GetTime("date_due") is { } due ? $" due {RecordShaper.IsoDate(due)}" : "")));
        throw new ToolInputException($"{pending.Count} of these records already {(pending.Count == 1 ? "has" : "have")} a pending '{message["name"]}' task: {described}. " +
            "Nothing was created. Move it with reschedule_task, or pass allow_duplicate: true to create another.");
    }

    /// <summary>The newest tasks from this message for these records: the ones just created (task/assign answers without data).</summary>
    private async Task<IReadOnlyList<OntraportRecord>> NewestAsync(ObjectType type, OntraportRecord message, IReadOnlyList<OntraportRecord> records, CancellationToken cancellationToken) =>
        await TasksFromAsync(type, message, records, pendingOnly: false, records.Count, cancellationToken);

    private async Task<IReadOnlyList<OntraportRecord>> TasksFromAsync(ObjectType type, OntraportRecord message, IReadOnlyList<OntraportRecord> records, bool pendingOnly, int max, CancellationToken cancellationToken)
    {
        var criteria = Criteria.Where(Condition.Compare("item_id", ConditionOperator.Equal, ConditionLiteral.Of(message.Id)))
            .And(Condition.Compare("object_type_id", ConditionOperator.Equal, ConditionLiteral.Of(type.Id)))
            .And(new Condition("contact_id", ConditionOperator.In, [.. records.Select(r => ConditionLiteral.Of(r.Id))]));
        if (pendingOnly)
        {
            criteria = criteria.And(Condition.Compare("status", ConditionOperator.Equal, ConditionLiteral.Of(0)));
        }

        var found = await session.Client.Objects.ListAsync(ObjectTypeIds.Task, new ListOptions
        {
            Selection = new RecordSelection { Condition = criteria },
            Range = Math.Clamp(max, 1, ListOptions.MaxRange),
            Sort = "id",
            SortDirection = SortDirection.Descending,
        }, cancellationToken);
        return found;
    }
}
