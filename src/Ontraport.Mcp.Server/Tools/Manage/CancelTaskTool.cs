using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Tasks;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Manage;

[McpServerToolType, Toolset(Toolsets.Manage)]
public sealed class CancelTaskTool(ToolSession session, RecordLookup lookup)
{
    private readonly TaskFinder _finder = new(session, lookup);
    private readonly TaskSummaries _summaries = new(session, lookup);

    [McpServerTool(Name = "cancel_task", Title = "Cancel task", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Cancel a pending task without completing it.")]
    public async Task<CallToolResult> CancelTask(
        long? task_id = null,
        string? contact = null,
        string? task_message = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        TaskFinder.Check(task_id, contact);
        var task = await _finder.FindAsync(task_id, contact, task_message, cancellationToken);
        switch (TaskStates.Of(task))
        {
            case TaskState.Complete:
                throw new ToolInputException($"Task {task.Id} '{task["subject"]}' is already complete; a completed task cannot be cancelled. Nothing was changed.");
            case TaskState.Cancelled:
                return ToolOutput.Json(new TaskNoteAnswer(await _summaries.OneAsync(task, cancellationToken), "The task is already cancelled; nothing was sent."));
        }

        var request = TaskRequests.Cancel((int)(task.GetLong("object_type_id") ?? 0), [task.Id]);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new TaskDryRun(await _summaries.OneAsync(task, cancellationToken)));
        }

        await session.Client.SendAsync(request, cancellationToken);
        var (after, read, readBack) = await _summaries.AfterWriteAsync(task, cancellationToken);
        return ToolOutput.Json(new TaskCancelledAnswer(readBack, !read || TaskStates.Of(after) == TaskState.Cancelled, await _summaries.OneAfterWriteAsync(after, cancellationToken)));
    }
}
