using System.Globalization;
using System.Text.Json;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Routing;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>
/// POST <c>task/assign</c>, <c>task/cancel</c>, <c>task/complete</c>, <c>task/reschedule</c> and <c>task/reopen</c>
/// (ontraport-api.md §3.3), with the state transitions of <see cref="SandboxChoices"/> (Tasks). Effects are immediate
/// and visible through the generic Tasks (1) reads.
/// </summary>
internal static class TaskEndpoints
{
    public static void Map(RouteTable routes) => routes
        .Map("POST", "task/assign", Assign)
        .Map("POST", "task/cancel", Cancel)
        .Map("POST", "task/complete", TaskCompletionEndpoint.Complete)
        .Map("POST", "task/reschedule", Reschedule)
        .Map("POST", "task/reopen", Reopen);

    private static ApiResult Assign(ApiContext context)
    {
        var type = RelatedType(context);
        var message = context.Parameters.Get("message") is { } value ? ParameterObject(value) : null;
        var messageId = message is { } m && m.TryGetProperty("id", out var id) && TryLong(id) is { } parsed
            ? parsed
            : throw ApiError.BadRequest(SandboxChoices.MissingTaskMessageText);
        var template = context.Store.Find(ObjectTypeIds.Message, messageId);
        if (template is null || !string.Equals(template["type"], "task", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiError.BadRequest(SandboxChoices.NotATaskMessageText(messageId));
        }

        var owner = Member(message, "task_owner") ?? template.Long("task_owner") ?? long.Parse(SandboxChoices.DefaultOwnerId, CultureInfo.InvariantCulture);
        if (context.Store.Find(ObjectTypeIds.User, owner) is null)
        {
            throw ApiError.BadRequest(SandboxChoices.UnknownTaskOwnerText(owner));
        }

        var due = Member(message, "due_date") is { } seconds && seconds > 0
            ? seconds
            : context.Now.AddDays(template.Long("due_date") ?? 0).ToUnixTimeSeconds();
        var kind = Member(message, "type") == -1 ? "-1" : "0";
        var tasks = context.Store.Table(ObjectTypeIds.Task);
        foreach (var record in BulkTargets.Resolve(context, type))
        {
            var task = tasks.Create();
            task["owner"] = Text(owner);
            task["drip_id"] = "0";
            task["contact_id"] = Text(record.Id);
            task["step_num"] = "0";
            task["subject"] = (template["subject"] ?? template["name"] ?? "").Replace("[First Name]", record["firstname"] ?? record["name"] ?? "", StringComparison.Ordinal);
            task["date_assigned"] = context.UnixNow;
            task["date_due"] = Text(due);
            task["status"] = "0";
            task["type"] = kind;
            task["details"] = template["task_data"];
            task["hidden"] = "0";
            task["item_id"] = Text(messageId);
            task["object_type_id"] = Text(type.Id);
            task["object_name"] = type.Plural;
            RecordDefaults.Apply(tasks.Schema, task, context.UnixNow, context.Store.Seed);
        }

        return ApiResult.NoData();
    }

    private static ApiResult Cancel(ApiContext context)
    {
        var tasks = SelectTasks(context);
        if (tasks.FirstOrDefault(t => t["status"] == "1") is { } complete)
        {
            throw ApiError.BadRequest(SandboxChoices.CannotCancelCompleteText(complete.Id));
        }

        foreach (var task in tasks.Where(t => t["status"] != "2"))
        {
            task["status"] = "2";
        }

        return ApiResult.NoData();
    }

    private static ApiResult Reschedule(ApiContext context)
    {
        var taskType = context.Store.Catalog.Get(ObjectTypeIds.Task);
        var task = context.RequiredRecord(taskType);
        var newTime = context.Parameters.Long("newtime") is { } time && time > 0 ? time : throw ApiError.BadRequest(SandboxChoices.BadNewTimeText);
        if (task["status"] is "1" or "2")
        {
            throw ApiError.BadRequest(SandboxChoices.CannotRescheduleText(task.Id, task["status"] == "1" ? "complete" : "cancelled"));
        }

        task["date_due"] = Text(newTime);
        return ApiResult.NoData();
    }

    private static ApiResult Reopen(ApiContext context)
    {
        var ids = BulkTargets.RequiredIds(context, "ids");
        foreach (var task in ids.Select(id => context.Store.Find(ObjectTypeIds.Task, id)).OfType<Record>())
        {
            if (task["status"] is "1" or "2")
            {
                task["status"] = "0";
                task["date_complete"] = null;
                task["call_outcome_id"] = null;
            }
        }

        return ApiResult.NoData();
    }

    /// <summary>The tasks a cancel or complete selects, limited to those of the request's related object type.</summary>
    public static List<Record> SelectTasks(ApiContext context)
    {
        var type = RelatedType(context);
        var taskType = context.Store.Catalog.Get(ObjectTypeIds.Task);
        return [.. BulkTargets.Resolve(context, taskType).Where(t => (t.Long("object_type_id") ?? 0) == type.Id)];
    }

    /// <summary>The type of the records tasks belong to: <c>object_type_id</c> or <c>objectID</c> (both spellings are in use).</summary>
    private static ObjectTypeSchema RelatedType(ApiContext context)
    {
        var id = context.Parameters.Long("object_type_id") ?? context.Parameters.Long("objectID")
            ?? throw ApiError.BadRequest(SandboxChoices.MissingTaskObjectTypeText);
        return id is >= 0 and <= int.MaxValue && context.Store.Catalog.Find((int)id) is { } type
            ? type
            : throw ApiError.BadRequest(SandboxChoices.UnknownObjectTypeText(id));
    }

    /// <summary>A JSON object parameter: a real object in a JSON body, or JSON text in a form.</summary>
    public static JsonElement? ParameterObject(ParameterValue value)
    {
        if (value.Json is { ValueKind: JsonValueKind.Object } element)
        {
            return element;
        }

        if (value.Text is { } text && text.TrimStart().StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                throw ApiError.BadRequest(SandboxChoices.MalformedBodyText);
            }
        }

        return null;
    }

    private static long? Member(JsonElement? obj, string name) =>
        obj is { } o && o.TryGetProperty(name, out var value) ? TryLong(value) : null;

    private static long? TryLong(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
