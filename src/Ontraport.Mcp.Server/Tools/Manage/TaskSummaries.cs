using System.Text.Json.Nodes;
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
    /// The task (1) as it stands after a write Ontraport accepted, read best effort: when the read fails,
    /// <paramref name="answer"/> gets a note saying so and the task as it was before is returned.
    /// </summary>
    public async Task<(OntraportRecord Task, bool Read)> AfterWriteAsync(OntraportRecord before, JsonObject answer, CancellationToken cancellationToken)
    {
        var read = await ReadBack.AfterWriteAsync(ct => session.Client.Objects.GetAsync(ObjectTypeIds.Task, before.Id, ct), cancellationToken);
        if (read.Value is { } after)
        {
            return (after, true);
        }

        answer[AfterWrite.Key] = AfterWrite.Note(read, $"task {before.Id}", $"check it with get_recent_tasks (task_id: {before.Id})");
        return (before, false);
    }

    /// <summary>The summary after a write: names are best effort too, so a failed read shows ids instead of failing the answer.</summary>
    public async Task<JsonObject> OneAfterWriteAsync(OntraportRecord task, CancellationToken cancellationToken) =>
        (await ReadBack.AfterWriteAsync<JsonObject>(async ct => await OneAsync(task, ct), cancellationToken)).Value
            ?? Summary(task, new Dictionary<long, string>(), new Dictionary<long, string>());

    public async Task<JsonObject> OneAsync(OntraportRecord task, CancellationToken cancellationToken) =>
        (await ManyAsync([task], cancellationToken))[0];

    public async Task<IReadOnlyList<JsonObject>> ManyAsync(IReadOnlyList<OntraportRecord> tasks, CancellationToken cancellationToken)
    {
        var users = await lookup.UserNamesAsync(tasks.Select(t => t.GetLong("owner") ?? 0), cancellationToken);
        var outcomeIds = tasks.Select(t => t.GetLong("call_outcome_id") ?? 0).Where(i => i > 0).Distinct().ToList();
        var outcomes = outcomeIds.Count == 0
            ? []
            : (await session.Client.Objects.ListAsync(ObjectTypeIds.TaskOutcome, new ListOptions { Selection = RecordSelection.ForIds(outcomeIds), Range = ListOptions.MaxRange, Fields = ["name"] }, cancellationToken))
                .ToDictionary(o => o.Id, o => o["name"] ?? "");
        return [.. tasks.Select(t => Summary(t, users, outcomes))];
    }

    private static JsonObject Summary(OntraportRecord task, IReadOnlyDictionary<long, string> users, IReadOnlyDictionary<long, string> outcomes)
    {
        var summary = new JsonObject
        {
            ["id"] = task.Id,
            ["subject"] = task["subject"],
            ["status"] = TaskStates.Word(TaskStates.Of(task)),
        };
        if (task.GetLong("contact_id") is { } contact and > 0)
        {
            summary[(task.GetLong("object_type_id") ?? 0) == 0 ? "contact_id" : "record_id"] = contact;
        }

        if (task.GetLong("owner") is { } owner and > 0)
        {
            summary["assignee"] = users.TryGetValue(owner, out var name) ? name : $"user {owner}";
        }

        if (task.GetTime("date_due") is { } due)
        {
            summary["date_due"] = RecordShaper.IsoDate(due);
        }

        if (task.GetTime("date_complete") is { } done)
        {
            summary["date_complete"] = RecordShaper.IsoDate(done);
        }

        if (task.GetLong("call_outcome_id") is { } outcome and > 0)
        {
            summary["outcome"] = outcomes.TryGetValue(outcome, out var word) ? word : $"outcome {outcome}";
        }

        return summary;
    }
}
