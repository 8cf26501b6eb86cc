using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Engagement;
using Ontraport.Client.Inferred;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Client.Tasks;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class GetTaskFormRequirementsTool(ToolSession session)
{
    [McpServerTool(Name = "get_task_form_requirements", Title = "Task form", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("What complete_task needs: form fields and outcomes.")]
    public async Task<CallToolResult> GetTaskFormRequirements(
        long task_id,
        CancellationToken cancellationToken = default)
    {
        if (task_id <= 0)
        {
            throw new ToolInputException("task_id must be a task id (a positive whole number); find it with get_recent_tasks.");
        }

        var taskTask = session.Client.Objects.GetAsync(ObjectTypeIds.Task, task_id, cancellationToken);
        var outcomesTask = session.Client.Objects.ListAsync(ObjectTypeIds.TaskOutcome, new ListOptions { Range = ListOptions.MaxRange, Fields = [EngagementFields.TaskOutcomes.Name] }, cancellationToken);
        await Task.WhenAll(taskTask, outcomesTask);
        var task = taskTask.Result ?? throw new ToolInputException($"task_id: there is no task with id {task_id}. Find tasks with get_recent_tasks.");

        var messageId = task.GetLong("item_id") ?? 0;
        var message = messageId > 0 ? await session.Client.Objects.GetAsync(ObjectTypeIds.Message, messageId, cancellationToken) : null;
        var form = TaskForm.Parse(message?[EngagementFields.Messages.TaskForm]);

        // The form fields belong to the record the task is on (a contact unless object_type_id says otherwise).
        var recordTypeId = (int)(task.GetLong("object_type_id") ?? 0);
        var recordId = task.GetLong("contact_id") ?? 0;
        var recordType = (await session.Client.GetObjectTypesAsync(cancellationToken)).Find(recordTypeId) ?? ObjectTypeRegistry.Find(ObjectTypeIds.Contact)!;
        var metadata = await session.MetadataAsync(recordType, cancellationToken);
        var record = form.Count > 0 && recordId > 0 ? await session.Client.Objects.GetAsync(recordType.Id, recordId, cancellationToken) : null;
        var shaper = session.Shaper(recordType, metadata);

        var fields = new List<TaskFormField>();
        var missing = new List<string>();
        foreach (var formField in form)
        {
            var field = metadata.FindField(formField.Field);
            var current = record is null ? null : shaper.ShapeValue(formField.Field, record.Fields[formField.Field]);
            if (current is null && formField.Required)
            {
                missing.Add(formField.Field);
            }

            fields.Add(new TaskFormField(
                formField.Field,
                formField.Alias,
                formField.Required,
                field?.Type,
                field is { Options.Count: > 0 } ? field.Options : null,
                current?.DeepClone()));
        }

        var status = KnownCodes.For(ObjectTypeIds.Task, "status")?.GetValueOrDefault(task["status"] ?? "") ?? task["status"];
        return ToolOutput.Json(new TaskFormAnswer(
            task.Id,
            task["subject"],
            status,
            recordId > 0 ? new TaskRecord(recordType.Name, recordId) : null,
            message is null ? null : new NameEcho(message.Id, message[EngagementFields.Messages.Name]),
            fields,
            missing.Count > 0 ? missing : null,
            [.. outcomesTask.Result.Select(o => new NameEcho(o.Id, o[EngagementFields.TaskOutcomes.Name]))],
            task["status"] != "0"
                ? $"This task is already {status}; only pending tasks can be completed."
                : form.Count == 0
                    ? "This task has no form: complete_task needs only an outcome (and optionally a note)."
                    : "Call complete_task with task_id, an outcome from the list, and form_data {field: value} for the required fields" +
                      (missing.Count > 0 ? " (those in required_without_value have no value yet)." : ".")));
    }
}
