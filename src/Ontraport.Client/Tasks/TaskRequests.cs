using System.Text.Json.Nodes;
using Ontraport.Client.Http;
using Ontraport.Client.Objects;

namespace Ontraport.Client.Tasks;

/// <summary>
/// The route table of the task endpoints (API reference §3.3): <c>task/assign</c>, <c>task/cancel</c>,
/// <c>task/complete</c>, <c>task/reschedule</c> and <c>task/reopen</c>, all POST with JSON bodies and answered without
/// <c>data</c>. Task records themselves are read through the generic object endpoints (Tasks, 1).
/// </summary>
/// <remarks>
/// INFERRED where the sources are thin (one place, so it can be corrected against the live API):
/// <list type="bullet">
/// <item><c>ids</c> of cancel, complete and reopen are <b>task</b> ids; the object type sent with cancel
/// (<c>objectID</c>, SDK and .NET agree) and complete (<c>object_type_id</c>, the SDK's required name; .NET sends
/// <c>objectID</c>) is the type of the records the tasks belong to (the task's <c>object_type_id</c>, 0 for contact
/// tasks), as in the SDK test captures (<c>{"objectID":0,"ids":[3]}</c>).</item>
/// <item>Groups are addressed with <c>group_id</c> + <c>performAll: 1</c> (§2.1), not the older <c>group_ids</c>.</item>
/// <item>The <c>data</c> of task/complete: see <see cref="TaskCompletion"/>.</item>
/// </list>
/// </remarks>
public static class TaskRequests
{
    /// <summary>
    /// <c>POST task/assign</c>: one new task per selected record of <paramref name="objectTypeId"/>, from a task message.
    /// It creates records, so it is sent exactly once (never retried).
    /// </summary>
    public static OntraportRequest Assign(int objectTypeId, RecordSelection targets, long messageId, DateTimeOffset? dueDate, long? ownerId)
    {
        var message = new JsonObject { ["id"] = messageId };
        if (dueDate is { } due)
        {
            message["due_date"] = due.ToUnixTimeSeconds();
        }

        if (ownerId is { } owner)
        {
            message["task_owner"] = owner;
        }

        var body = new JsonObject { ["object_type_id"] = objectTypeId };
        AddTargets(body, targets);
        body["message"] = message;
        return Post("task/assign", body, RequestEffect.NonIdempotentWrite);
    }

    /// <summary><c>POST task/cancel</c>: pending tasks become cancelled. Repeating it changes nothing more.</summary>
    public static OntraportRequest Cancel(int objectTypeId, IReadOnlyList<long> taskIds) =>
        Post("task/cancel", new JsonObject { ["objectID"] = objectTypeId, ["ids"] = Ids(taskIds) }, RequestEffect.IdempotentWrite);

    /// <summary><c>POST task/complete</c>: pending tasks become complete, with an outcome, a note and task-form data.</summary>
    public static OntraportRequest Complete(int objectTypeId, IReadOnlyList<long> taskIds, TaskCompletion? completion)
    {
        var body = new JsonObject { ["object_type_id"] = objectTypeId, ["ids"] = Ids(taskIds) };
        if (completion?.ToData() is { } data)
        {
            body["data"] = data;
        }

        return Post("task/complete", body, RequestEffect.IdempotentWrite);
    }

    /// <summary><c>POST task/reschedule</c>: a new due time, <c>newtime</c> in Unix seconds.</summary>
    public static OntraportRequest Reschedule(long taskId, DateTimeOffset newTime) =>
        Post("task/reschedule", new JsonObject { ["id"] = taskId, ["newtime"] = newTime.ToUnixTimeSeconds() }, RequestEffect.IdempotentWrite);

    /// <summary><c>POST task/reopen</c>: completed or cancelled tasks become pending again.</summary>
    public static OntraportRequest Reopen(IReadOnlyList<long> taskIds) =>
        Post("task/reopen", new JsonObject { ["ids"] = Ids(taskIds) }, RequestEffect.IdempotentWrite);

    private static void AddTargets(JsonObject body, RecordSelection targets)
    {
        if (targets.SelectsEverything)
        {
            throw new ArgumentException("A task assignment must name ids or a group; an empty selection would assign to every record.", nameof(targets));
        }

        if (targets.Ids is { Count: > 0 } ids)
        {
            body["ids"] = Ids(ids);
        }

        if (targets.Condition is { } condition)
        {
            body["condition"] = condition.ToJson();
        }

        if (targets.GroupId is { } group)
        {
            body["group_id"] = group;
            if (targets.Ids is not { Count: > 0 })
            {
                body["performAll"] = 1;
            }
        }
    }

    private static JsonArray Ids(IReadOnlyCollection<long> ids) => new([.. ids.Select(i => (JsonNode)JsonValue.Create(i))]);

    private static OntraportRequest Post(string path, JsonObject body, RequestEffect effect) => new()
    {
        Method = HttpMethod.Post,
        Path = path,
        Effect = effect,
        Encoding = BodyEncoding.Json,
        Json = body,
    };
}
