using Ontraport.Client;
using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Tasks;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Manage;

/// <summary>
/// A task as the task tools answer it: id, subject, state, contact, assignee and outcome by name, dates in ISO 8601.
/// Names are read in one request per kind (users, outcomes), never one per task.
/// </summary>
internal sealed class TaskSummaries(ToolSession session, RecordLookup lookup)
{
    /// <summary>
    /// The task (1) as it stands after a write Ontraport accepted, read best effort: when the read fails, the task as it
    /// was before is returned with the note that says so (<see cref="AfterWrite"/>), which the answer carries.
    /// </summary>
    public async Task<(OntraportRecord Task, bool Read, string? ReadBack)> AfterWriteAsync(OntraportRecord before, CancellationToken cancellationToken)
    {
        var read = await ReadBack.AfterWriteAsync(ct => session.Client.Objects.GetAsync(ObjectTypeIds.Task, before.Id, ct), cancellationToken);
        return read.Value is { } after
            ? (after, true, null)
            : (before, false, AfterWrite.Note(read, $"task {before.Id}", $"check it with get_recent_tasks (task_id: {before.Id})"));
    }

    /// <summary>The summary after a write: names are best effort too, so a failed read shows ids instead of failing the answer.</summary>
    public async Task<TaskSummary> OneAfterWriteAsync(OntraportRecord task, CancellationToken cancellationToken) =>
        (await ReadBack.AfterWriteAsync<TaskSummary>(async ct => await OneAsync(task, ct), cancellationToken)).Value
            ?? Summary(task, new Dictionary<long, string>(), new Dictionary<long, string>());

    public async Task<TaskSummary> OneAsync(OntraportRecord task, CancellationToken cancellationToken) =>
        (await ManyAsync([task], cancellationToken))[0];

    public async Task<IReadOnlyList<TaskSummary>> ManyAsync(IReadOnlyList<OntraportRecord> tasks, CancellationToken cancellationToken)
    {
        var users = await lookup.UserNamesAsync(tasks.Select(t => t.GetLong("owner") ?? 0), cancellationToken);
        var outcomeIds = tasks.Select(t => t.GetLong("call_outcome_id") ?? 0).Where(i => i > 0).Distinct().ToList();
        var outcomes = outcomeIds.Count == 0
            ? []
            : (await session.Client.Objects.ListAsync(ObjectTypeIds.TaskOutcome, new ListOptions { Selection = RecordSelection.ForIds(outcomeIds), Range = ListOptions.MaxRange, Fields = ["name"] }, cancellationToken))
                .ToDictionary(o => o.Id, o => o["name"] ?? "");
        return [.. tasks.Select(t => Summary(t, users, outcomes))];
    }

    private static TaskSummary Summary(OntraportRecord task, IReadOnlyDictionary<long, string> users, IReadOnlyDictionary<long, string> outcomes)
    {
        var contact = task.GetLong("contact_id") is { } id and > 0 ? id : (long?)null;
        var onContact = (task.GetLong("object_type_id") ?? 0) == 0;
        return new TaskSummary
        {
            Id = task.Id,
            Subject = task["subject"],
            Status = TaskStates.Word(TaskStates.Of(task)),
            ContactId = onContact ? contact : null,
            RecordId = onContact ? null : contact,
            Assignee = task.GetLong("owner") is { } owner and > 0 ? users.TryGetValue(owner, out var name) ? name : $"user {owner}" : null,
            DateDue = task.GetTime("date_due") is { } due ? RecordShaper.IsoDate(due) : null,
            DateComplete = task.GetTime("date_complete") is { } done ? RecordShaper.IsoDate(done) : null,
            Outcome = task.GetLong("call_outcome_id") is { } outcome and > 0 ? outcomes.TryGetValue(outcome, out var word) ? word : $"outcome {outcome}" : null,
        };
    }
}
