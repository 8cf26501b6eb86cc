using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ontraport.Client.Tasks;

/// <summary>One field a task's form asks for when the task is completed.</summary>
public sealed record TaskFormField(string Field, string Alias, bool Required);

/// <summary>
/// The form of a task message (Messages, 7): which fields completing the task must fill in.
/// <para>
/// INFERRED mapping (ontraport-api.md §3.3 lists <c>task_form</c> on task messages but not its shape): a JSON list of
/// <c>{"field": "f1601", "alias": "Coaching Program", "required": 1}</c>. This is the one place the client reads it;
/// correct it here against a live account.
/// </para>
/// </summary>
public static class TaskForm
{
    public static IReadOnlyList<TaskFormField> Parse(string? taskForm)
    {
        if (string.IsNullOrWhiteSpace(taskForm))
        {
            return [];
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(taskForm);
        }
        catch (JsonException)
        {
            return [];
        }

        var items = root switch
        {
            JsonArray list => list,
            JsonObject map when map["fields"] is JsonArray nested => nested,
            _ => [],
        };
        return [.. items.OfType<JsonObject>()
            .Select(f => new TaskFormField(
                JsonText.AsString(f["field"]) ?? "",
                JsonText.AsString(f["alias"]) ?? JsonText.AsString(f["field"]) ?? "",
                JsonText.AsFlag(f["required"])))
            .Where(f => f.Field.Length > 0)];
    }
}
