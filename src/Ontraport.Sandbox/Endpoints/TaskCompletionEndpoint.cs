using System.Globalization;
using System.Text.Json;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>
/// POST <c>task/complete</c>. The <c>data</c> payload is INFERRED and read here only:
/// <c>{"call_outcome_id": id, "note": text, "form_data": {field: value}}</c> (see <see cref="SandboxChoices"/>, Tasks).
/// Everything is checked before anything changes.
/// </summary>
internal static class TaskCompletionEndpoint
{
    public static ApiResult Complete(ApiContext context)
    {
        var tasks = TaskEndpoints.SelectTasks(context);
        if (tasks.FirstOrDefault(t => t["status"] == "2") is { } cancelled)
        {
            throw ApiError.BadRequest(SandboxChoices.CannotCompleteCancelledText(cancelled.Id));
        }

        var pending = tasks.Where(t => t["status"] != "1").ToList();
        var data = Data.Read(context);
        var outcome = data.OutcomeId is { } outcomeId
            ? context.Store.Find(ObjectTypeIds.TaskOutcome, outcomeId) ?? throw ApiError.BadRequest(SandboxChoices.UnknownOutcomeText(outcomeId))
            : null;
        foreach (var task in pending)
        {
            var type = context.Store.Catalog.Find((int)(task.Long("object_type_id") ?? 0)) ?? context.Store.Catalog.Get(ObjectTypeIds.Contact);
            if (data.Form.Keys.FirstOrDefault(f => !type.HasField(f)) is { } unknown)
            {
                throw ApiError.BadRequest(SandboxChoices.UnknownFormFieldText(unknown, type));
            }

            var missing = RequiredFormFields(context, task).Where(f => !data.Form.TryGetValue(f, out var v) || string.IsNullOrWhiteSpace(v)).ToList();
            if (missing.Count > 0)
            {
                throw ApiError.BadRequest(SandboxChoices.MissingFormFieldsText(task.Id, missing));
            }
        }

        foreach (var task in pending)
        {
            Apply(context, task, data, outcome);
        }

        return ApiResult.NoData();
    }

    private static void Apply(ApiContext context, Record task, Data data, Record? outcome)
    {
        task["status"] = "1";
        task["date_complete"] = context.UnixNow;
        task["call_outcome_id"] = outcome?["id"];
        var type = context.Store.Catalog.Find((int)(task.Long("object_type_id") ?? 0)) ?? context.Store.Catalog.Get(ObjectTypeIds.Contact);
        var record = task.Long("contact_id") is { } id ? context.Store.Find(type.Id, id) : null;
        if (record is null)
        {
            return;
        }

        if (data.Form.Count > 0)
        {
            var writes = data.Form.Select(f => new FieldWrite(type.Field(f.Key)!.Name, f.Value, ParameterValue.FromText(f.Value))).ToList();
            RecordWriter.Update(context, type, record, writes);
        }

        if (data.Note is { } note)
        {
            var notes = context.Store.Table(ObjectTypeIds.Note);
            var row = notes.Create();
            row["contact_id"] = record["id"];
            row["object_type_id"] = Text(type.Id);
            row["author"] = task["owner"];
            row["type"] = "0";
            row["data"] = note;
            RecordDefaults.Apply(notes.Schema, row, context.UnixNow, context.Store.Seed);
        }

        if (type.Id == ObjectTypeIds.Contact)
        {
            var logs = context.Store.Table(ObjectTypeIds.LogItem);
            var log = logs.Create();
            log["contact_id"] = record["id"];
            log["object_type_id"] = "0";
            log["type"] = "9";
            log["description"] = $"Task completed: {task["subject"]}" + (outcome is null ? "" : $" ({outcome["name"]})");
            log["date"] = context.UnixNow;
        }
    }

    /// <summary>The required fields of the task's message form: <c>task_form</c>, a JSON list of <c>{field, alias, required}</c>.</summary>
    private static IEnumerable<string> RequiredFormFields(ApiContext context, Record task)
    {
        var form = task.Long("item_id") is { } messageId ? context.Store.Find(ObjectTypeIds.Message, messageId)?["task_form"] : null;
        if (string.IsNullOrWhiteSpace(form))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(form);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return [.. document.RootElement.EnumerateArray()
                .Where(f => f.ValueKind == JsonValueKind.Object && f.TryGetProperty("field", out _) && IsSet(f, "required"))
                .Select(f => f.GetProperty("field").ToString())];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static bool IsSet(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && (value.ValueKind == JsonValueKind.True || value.ToString() is "1" or "true");

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>data</c> object of a task/complete request (INFERRED shape, read in this one place).</summary>
    private sealed record Data(long? OutcomeId, string? Note, IReadOnlyDictionary<string, string> Form)
    {
        public static Data Read(ApiContext context)
        {
            if (context.Parameters.Get("data") is not { } value || TaskEndpoints.ParameterObject(value) is not { } data)
            {
                return new Data(null, null, new Dictionary<string, string>());
            }

            long? outcome = null;
            if (data.TryGetProperty("call_outcome_id", out var raw) && raw.ValueKind != JsonValueKind.Null)
            {
                outcome = long.TryParse(raw.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id > 0
                    ? id
                    : throw ApiError.BadRequest(SandboxChoices.UnknownOutcomeText(0));
            }

            var note = data.TryGetProperty("note", out var text) && text.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(text.GetString())
                ? text.GetString()
                : null;
            var form = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (data.TryGetProperty("form_data", out var fields) && fields.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in fields.EnumerateObject())
                {
                    form[field.Name] = field.Value.ValueKind == JsonValueKind.Null ? "" : field.Value.ToString();
                }
            }

            return new Data(outcome, note, form);
        }
    }
}
