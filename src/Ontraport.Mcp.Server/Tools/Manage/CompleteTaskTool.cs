using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Tasks;
using Ontraport.Mcp.Server.Tools.Parameters;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Manage;

[McpServerToolType, Toolset(Toolsets.Manage)]
public sealed class CompleteTaskTool(ToolSession session, RecordLookup lookup)
{
    private readonly TaskFinder _finder = new(session, lookup);
    private readonly TaskSummaries _summaries = new(session, lookup);

    [McpServerTool(Name = "complete_task", Title = "Complete task", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Complete a pending task; get_task_form_requirements says what it needs.")]
    public async Task<CallToolResult> CompleteTask(
        long? task_id = null,
        string? contact = null,
        string? task_message = null,
        [Description("Name or id.")] string? outcome = null,
        [Description("Recorded with it.")] string? note = null,
        [Description("Form field name or label: value."), JsonTypes("object")] JsonElement? form_data = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        TaskFinder.Check(task_id, contact);
        TaskFormValues.Check(form_data);
        if (outcome is not null && string.IsNullOrWhiteSpace(outcome))
        {
            throw new ToolInputException("outcome is empty; give an outcome name such as \"left voicemail\", or leave it out.");
        }

        var task = await _finder.FindAsync(task_id, contact, task_message, cancellationToken);
        switch (TaskStates.Of(task))
        {
            case TaskState.Cancelled:
                throw new ToolInputException($"Task {task.Id} '{task["subject"]}' is cancelled; a cancelled task cannot be completed. " +
                    "To record the work, assign a new task with assign_task.");
            case TaskState.Complete:
                return ToolOutput.Json(new TaskNoteAnswer(await _summaries.OneAsync(task, cancellationToken), "The task is already complete; nothing was sent."));
        }

        var outcomes = ObjectTypeCatalog.BuiltIn.Find(ObjectTypeIds.TaskOutcome)!;
        var chosenOutcome = outcome is null ? null : await lookup.ByIdOrNameAsync(outcomes, outcome, ["name"], "outcome", cancellationToken);
        var recordType = await session.ObjectTypeAsync((task.GetLong("object_type_id") ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        var message = task.GetLong("item_id") is { } messageId and > 0 ? await session.Client.Objects.GetAsync(ObjectTypeIds.Message, messageId, cancellationToken) : null;
        var form = TaskForm.Parse(message?["task_form"]);
        var values = await TaskFormValues.ReadAsync(session, task.Id, form, recordType, form_data, cancellationToken);

        var request = TaskRequests.Complete(recordType.Id, [task.Id], new TaskCompletion(chosenOutcome?.Id, note?.Trim(), values));
        var answer = new TaskCompletedAnswer { Task = await _summaries.OneAsync(task, cancellationToken), Outcome = chosenOutcome?["name"] };
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new CompleteDryRun(answer.Task, answer.Outcome));
        }

        await session.Client.SendAsync(request, cancellationToken);
        var (after, read, readBack) = await _summaries.AfterWriteAsync(task, cancellationToken);
        answer = answer with
        {
            Task = await _summaries.OneAfterWriteAsync(after, cancellationToken),
            ReadBack = readBack,
            Completed = !read || TaskStates.Of(after) == TaskState.Complete,
            NoteSaved = string.IsNullOrWhiteSpace(note) ? null : true,
        };
        if (values.Count > 0)
        {
            // The form's fields are the account's own: they stay a record of field name → shaped value.
            var shaper = session.Shaper(recordType, await session.MetadataAsync(recordType, cancellationToken));
            answer = answer with { FormSaved = new JsonObject([.. values.Select(v => KeyValuePair.Create(v.Key, shaper.ShapeValue(v.Key, JsonValue.Create(v.Value))))]) };
        }

        return ToolOutput.Json(answer);
    }
}
