using System.Text.Json.Nodes;

namespace Ontraport.Client.Tasks;

/// <summary>
/// What completing a task records: an outcome from Task Outcomes (66), a note, and the task form's field values.
/// <para>
/// INFERRED mapping (ontraport-api.md §3.3: "<c>data</c> = extra completion data (outcome / task form fields; shape
/// undocumented)"): the <c>data</c> object of <c>task/complete</c> is
/// <c>{"call_outcome_id": 2, "note": "Left a voicemail", "form_data": {"f1601": "2"}}</c>: the outcome under the
/// task record's own field name (<c>call_outcome_id</c>), the note as text, and the form values keyed by field name,
/// as stored values (drop-down keys, Unix seconds). This is the one place the client writes it; the sandbox reads the
/// same shape (<c>SandboxChoices.Tasks</c>). Correct it here against a live account.
/// </para>
/// </summary>
public sealed record TaskCompletion(long? OutcomeId, string? Note, IReadOnlyDictionary<string, string>? FormData)
{
    /// <summary>The <c>data</c> object, or null when there is nothing to record beyond the completion itself.</summary>
    public JsonObject? ToData()
    {
        var data = new JsonObject();
        if (OutcomeId is { } outcome)
        {
            data["call_outcome_id"] = outcome;
        }

        if (!string.IsNullOrWhiteSpace(Note))
        {
            data["note"] = Note;
        }

        if (FormData is { Count: > 0 } form)
        {
            var fields = new JsonObject();
            foreach (var (field, value) in form)
            {
                fields[field] = value;
            }

            data["form_data"] = fields;
        }

        return data.Count == 0 ? null : data;
    }
}
