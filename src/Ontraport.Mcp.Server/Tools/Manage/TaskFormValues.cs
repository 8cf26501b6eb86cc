using System.Text.Json;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Tasks;

namespace Ontraport.Mcp.Server.Tools.Manage;

/// <summary>
/// Checks <c>form_data</c> against a task's form (<see cref="TaskForm"/>, read from its task message) before completing
/// it: keys are form fields by name or label, values are converted like any write (drop-down labels to keys, dates to
/// Unix seconds), and every required field that is missing is named at once.
/// </summary>
internal static class TaskFormValues
{
    /// <summary>Shape check only (no request): form_data must be a JSON object when given.</summary>
    public static void Check(JsonElement? formData)
    {
        if (formData is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            throw new ToolInputException("form_data must be an object of task-form field → value, e.g. {\"Coaching Program\": \"Group Coaching\"}.");
        }
    }

    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(
        ToolSession session, long taskId, IReadOnlyList<TaskFormField> form, ObjectType recordType, JsonElement? formData, CancellationToken cancellationToken)
    {
        var metadata = await session.MetadataAsync(recordType, cancellationToken);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var given = formData is { ValueKind: JsonValueKind.Object } data ? data.EnumerateObject().ToList() : [];
        if (given.Count > 0 && form.Count == 0)
        {
            throw new ToolInputException($"form_data: task {taskId} has no task form; leave form_data out.");
        }

        TimeZoneInfo? zone = null;
        foreach (var property in given)
        {
            var wanted = ObjectTypeRegistry.Normalize(property.Name);
            var field = form.FirstOrDefault(f => ObjectTypeRegistry.Normalize(f.Field) == wanted || ObjectTypeRegistry.Normalize(f.Alias) == wanted
                || (metadata.FindField(f.Field) is { } m && ObjectTypeRegistry.Normalize(m.Alias) == wanted));
            if (field is null)
            {
                problems.Add($"'{property.Name}' is not a field of this task's form ({Describe(form, metadata)}).");
                continue;
            }

            if (metadata.FindField(field.Field) is not { } fieldMetadata)
            {
                values[field.Field] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                continue;
            }

            if (fieldMetadata.Kind == FieldKind.Date)
            {
                zone ??= await session.TimeZoneAsync(cancellationToken);
            }

            try
            {
                values[field.Field] = Client.JsonText.AsString(FieldValues.Convert(fieldMetadata, property.Value, session.Time, zone ?? TimeZoneInfo.Utc)) ?? "";
            }
            catch (ToolInputException ex)
            {
                problems.Add(ex.Message);
            }
        }

        var missing = form.Where(f => f.Required && (!values.TryGetValue(f.Field, out var v) || string.IsNullOrWhiteSpace(v))).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"Task {taskId}'s form requires {string.Join(", ", missing.Select(f => Describe(f, metadata)))}; pass {(missing.Count == 1 ? "it" : "them")} in form_data, " +
                $"e.g. {{\"{missing[0].Alias}\": \"…\"}} (get_task_form_requirements lists the form).");
        }

        return problems.Count == 0 ? values : throw new ToolInputException("form_data: " + string.Join(" ", problems) + " Nothing was changed.");
    }

    private static string Describe(IReadOnlyList<TaskFormField> form, ObjectMetadata metadata) =>
        string.Join(", ", form.Select(f => Describe(f, metadata)));

    private static string Describe(TaskFormField field, ObjectMetadata metadata)
    {
        var options = metadata.FindField(field.Field) is { Options.Count: > 0 } m ? $"; one of {string.Join(", ", m.Options.Values.Take(12).Select(o => $"'{o}'"))}" : "";
        return $"'{field.Alias}' ({field.Field}{options})";
    }
}
