using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Tasks;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Manage;

[McpServerToolType, Toolset(Toolsets.Manage)]
public sealed class RescheduleTaskTool(ToolSession session, RecordLookup lookup)
{
    private readonly TaskFinder _finder = new(session, lookup);
    private readonly TaskSummaries _summaries = new(session, lookup);

    [McpServerTool(Name = "reschedule_task", Title = "Reschedule task", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Move a pending task to a new due date, not in the past.")]
    public async Task<CallToolResult> RescheduleTask(
        string due_date,
        long? task_id = null,
        string? contact = null,
        string? task_message = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        TaskDueDates.Precheck(due_date, "due_date", session.Time);
        TaskFinder.Check(task_id, contact);
        var task = await _finder.FindAsync(task_id, contact, task_message, cancellationToken);
        if (TaskStates.Of(task) is not TaskState.Pending and var state)
        {
            throw new ToolInputException($"Task {task.Id} '{task["subject"]}' is {TaskStates.Word(state)}; only pending tasks can be rescheduled. Nothing was changed.");
        }

        var due = await TaskDueDates.ReadAsync(session, due_date, "due_date", task.GetTime("date_due") ?? session.Time.GetUtcNow(), cancellationToken);
        var request = TaskRequests.Reschedule(task.Id, due);
        var summary = await _summaries.OneAsync(task, cancellationToken); // before the write: the dry run shows it, and a real call keeps the requests it made
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new RescheduleDryRun(summary, RecordShaper.IsoDate(due)));
        }

        await session.Client.SendAsync(request, cancellationToken);
        var (after, _, readBack) = await _summaries.AfterWriteAsync(task, cancellationToken);
        var previous = task.GetTime("date_due") is { } before ? RecordShaper.IsoDate(before) : null;
        return ToolOutput.Json(new RescheduledAnswer(await _summaries.OneAfterWriteAsync(after, cancellationToken), readBack, previous));
    }
}
