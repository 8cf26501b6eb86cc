using System.ComponentModel;
using System.Text.Json.Nodes;
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

        var fields = new JsonArray();
        var missing = new JsonArray();
        foreach (var formField in form)
        {
            var field = metadata.FindField(formField.Field);
            var item = new JsonObject { ["field"] = formField.Field, ["label"] = formField.Alias, ["required"] = formField.Required };
            if (field is not null)
            {
                item["type"] = field.Type;
                if (field.Options.Count > 0)
                {
                    var options = new JsonObject();
                    foreach (var (key, label) in field.Options)
                    {
                        options[key] = label;
                    }

                    item["options"] = options;
                }
            }

            var current = record is null ? null : shaper.ShapeValue(formField.Field, record.Fields[formField.Field]);
            if (current is not null)
            {
                item["current_value"] = current.DeepClone();
            }
            else if (formField.Required)
            {
                missing.Add(formField.Field);
            }

            fields.Add(item);
        }

        var status = KnownCodes.For(ObjectTypeIds.Task, "status")?.GetValueOrDefault(task["status"] ?? "") ?? task["status"];
        var answer = new JsonObject
        {
            ["task_id"] = task.Id,
            ["subject"] = task["subject"],
            ["status"] = status,
        };
        if (recordId > 0)
        {
            answer["record"] = new JsonObject { ["object_type"] = recordType.Name, ["id"] = recordId };
        }

        if (message is not null)
        {
            answer["task_message"] = new JsonObject { ["id"] = message.Id, ["name"] = message[EngagementFields.Messages.Name] };
        }

        answer["form_fields"] = fields;
        if (missing.Count > 0)
        {
            answer["required_without_value"] = missing;
        }

        answer["outcomes"] = new JsonArray([.. outcomesTask.Result.Select(o => (JsonNode)new JsonObject { ["id"] = o.Id, ["name"] = o[EngagementFields.TaskOutcomes.Name] })]);
        answer["note"] = task["status"] != "0"
            ? $"This task is already {status}; only pending tasks can be completed."
            : form.Count == 0
                ? "This task has no form: complete_task needs only an outcome (and optionally a note)."
                : "Call complete_task with task_id, an outcome from the list, and form_data {field: value} for the required fields" +
                  (missing.Count > 0 ? " (those in required_without_value have no value yet)." : ".");
        return ToolOutput.Json(answer);
    }
}
