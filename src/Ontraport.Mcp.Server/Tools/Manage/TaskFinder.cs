using Ontraport.Client.Conditions;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Client.Tasks;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Manage;

/// <summary>
/// Finds the one task a task tool acts on: by <c>task_id</c>, or by <c>contact</c> plus an optional <c>task_message</c>
/// (a task message name or words of the task's subject, e.g. "follow-up call"). Pending tasks win over finished ones;
/// several candidates are an error that lists them, never a guess.
/// </summary>
internal sealed class TaskFinder(ToolSession session, RecordLookup lookup)
{
    private const int TaskType = ObjectTypeIds.Task;
    private const int MessageType = ObjectTypeIds.Message;

    /// <summary>Argument checks only: costs no request.</summary>
    public static void Check(long? taskId, string? contact)
    {
        if (taskId is null && string.IsNullOrWhiteSpace(contact))
        {
            throw new ToolInputException("Say which task: task_id (see get_recent_tasks), or contact (id, email or name) with task_message (e.g. \"follow-up call\").");
        }

        if (taskId is not null && !string.IsNullOrWhiteSpace(contact))
        {
            throw new ToolInputException("Give either task_id or contact, not both.");
        }

        if (taskId is <= 0)
        {
            throw new ToolInputException($"task_id {taskId} is not a task id.");
        }
    }

    public async Task<OntraportRecord> FindAsync(long? taskId, string? contact, string? taskMessage, CancellationToken cancellationToken)
    {
        if (taskId is { } id)
        {
            return await session.Client.Objects.GetAsync(TaskType, id, cancellationToken)
                ?? throw new ToolInputException($"There is no task with id {id}. Find tasks with get_recent_tasks, or give contact and task_message.");
        }

        var person = await lookup.ContactAsync(contact, cancellationToken);
        var name = RecordFields.DisplayName(person, RecordFields.PersonNameFields) ?? $"contact {person.Id}";
        var criteria = Criteria.Where(Condition.Compare("contact_id", ConditionOperator.Equal, ConditionLiteral.Of(person.Id)))
            .And(Condition.Compare("object_type_id", ConditionOperator.Equal, ConditionLiteral.Of(ObjectTypeIds.Contact)));
        var tasks = await session.Client.Objects.ListAsync(TaskType, new ListOptions
        {
            Selection = new RecordSelection { Condition = criteria },
            Range = ListOptions.MaxRange,
            Sort = "date_due",
            SortDirection = SortDirection.Descending,
        }, cancellationToken);
        if (tasks.Count == 0)
        {
            throw new ToolInputException($"{name} has no tasks. Assign one with assign_task.");
        }

        var matches = tasks.ToList();
        if (!string.IsNullOrWhiteSpace(taskMessage))
        {
            var messages = await MessageNamesAsync(tasks, cancellationToken);
            var wanted = ObjectTypeRegistry.Normalize(taskMessage);
            string MessageOf(OntraportRecord t) => messages.GetValueOrDefault(t.GetLong("item_id") ?? 0, "");
            var exact = tasks.Where(t => ObjectTypeRegistry.Normalize(MessageOf(t)) == wanted || ObjectTypeRegistry.Normalize(t["subject"] ?? "") == wanted).ToList();
            matches = exact.Count > 0 ? exact : [.. tasks.Where(t =>
                ObjectTypeRegistry.Normalize(MessageOf(t)).Contains(wanted, StringComparison.Ordinal) ||
                ObjectTypeRegistry.Normalize(t["subject"] ?? "").Contains(wanted, StringComparison.Ordinal))];
            if (matches.Count == 0)
            {
                throw new ToolInputException($"None of {name}'s tasks matches '{taskMessage}'. Their tasks: {Describe(tasks)}. Give task_id or another task_message.");
            }
        }

        var pending = matches.Where(t => TaskStates.Of(t) == TaskState.Pending).ToList();
        var chosen = pending.Count > 0 ? pending : matches;
        return chosen.Count == 1
            ? chosen[0]
            : throw new ToolInputException($"{chosen.Count} of {name}'s {(pending.Count > 0 ? "pending " : "")}tasks match: {Describe(chosen)}. Give the task_id of the one you mean.");
    }

    private async Task<Dictionary<long, string>> MessageNamesAsync(IReadOnlyList<OntraportRecord> tasks, CancellationToken cancellationToken)
    {
        var ids = tasks.Select(t => t.GetLong("item_id") ?? 0).Where(i => i > 0).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var messages = await session.Client.Objects.ListAsync(MessageType, new ListOptions { Selection = RecordSelection.ForIds(ids), Range = ListOptions.MaxRange, Fields = ["name"] }, cancellationToken);
        return messages.ToDictionary(m => m.Id, m => m["name"] ?? "");
    }

    private static string Describe(IEnumerable<OntraportRecord> tasks) =>
        string.Join("; ", tasks.Take(8).Select(t =>
            $"{t.Id} '{t["subject"]}' ({TaskStates.Word(TaskStates.Of(t))}{(t.GetTime("date_due") is { } due ? ", due " + RecordShaper.IsoDate(due) : "")})"));
}
