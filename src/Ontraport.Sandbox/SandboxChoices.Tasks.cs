using System.Globalization;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox;

/// <summary>
/// Choices for the task endpoints (<c>task/assign</c>, <c>task/cancel</c>, <c>task/complete</c>, <c>task/reschedule</c>,
/// <c>task/reopen</c>; ontraport-api.md §3.3 gives their parameters but not their semantics).
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>All five take JSON or form bodies and answer without <c>data</c> (verified shape) when they succeed.</item>
/// <item>task/assign: <c>object_type_id</c> (<c>objectID</c> accepted too; missing → 400 <see cref="MissingTaskObjectTypeText"/>) is the type of the records selected by <c>ids</c>, <c>group_id</c>, <c>condition</c>, <c>search</c> or <c>performAll</c> (none → 400, as for every bulk action). One Task (1) per record: <c>item_id</c> = <c>message.id</c>, which must be a task message (type <c>task</c>) or 400 <see cref="NotATaskMessageText"/>; <c>owner</c> = <c>message.task_owner</c>, else the message's <c>task_owner</c>, else <see cref="DefaultOwnerId"/> (an unknown user → 400 <see cref="UnknownTaskOwnerText"/>); <c>date_due</c> = <c>message.due_date</c> (Unix seconds) when above 0, else now plus the message's <c>due_date</c> days; <c>type</c> = <c>message.type</c> (0 default, -1 fulfillment); <c>subject</c> = the message subject with <c>[First Name]</c> replaced by the record's first name (or its <c>name</c>); <c>details</c> = the message's <c>task_data</c>; <c>status</c> 0; <c>date_assigned</c> now; <c>contact_id</c> = the record's id; <c>object_type_id</c> and <c>object_name</c> (the plural name) of its type.</item>
/// <item>task/cancel and task/complete: the object type parameter (<c>objectID</c> or <c>object_type_id</c>, both spellings on both endpoints because the sources conflict; missing → 400) is the type of the records the tasks belong to; <c>ids</c> (or <c>condition</c>, <c>search</c>, <c>group_id</c>, <c>performAll</c>) select <b>tasks</b>; selected tasks that belong to another type are left alone.</item>
/// <item>Transitions: complete and cancel act on pending tasks; repeating one (complete a complete task, cancel a cancelled one) is a no-op; completing a cancelled task or cancelling a complete one is refused for the whole request with 400 (<see cref="CannotCompleteCancelledText"/>, <see cref="CannotCancelCompleteText"/>) and nothing changes. task/reopen makes complete or cancelled tasks pending again (clears <c>date_complete</c> and <c>call_outcome_id</c>); task/reschedule needs a pending task (else 400 <see cref="CannotRescheduleText"/>).</item>
/// <item>task/complete <c>data</c> (INFERRED; the client's <c>TaskCompletion</c> writes the same): <c>{"call_outcome_id": id, "note": text, "form_data": {field: value}}</c>. An outcome that is not a Task Outcome (66) → 400 <see cref="UnknownOutcomeText"/>; a <c>form_data</c> field that the related type lacks → 400 <see cref="UnknownFormFieldText"/>; a field the task message's <c>task_form</c> marks required and <c>form_data</c> leaves blank → 400 <see cref="MissingFormFieldsText"/> naming all of them. On success each task gets <c>status</c> 1, <c>date_complete</c> now and the outcome; the form values are written to the related record (its <c>dlm</c> moves when one changes); a note becomes a Note (12) on the related record by the task's owner (type 0, note); a contact gets a Log Item (4) of type 9 "Task completed: subject (outcome)".</item>
/// <item>task/reschedule: <c>id</c> (400 when missing, 404 when unknown) and <c>newtime</c>, Unix seconds above 0 (else 400 <see cref="BadNewTimeText"/>); any time is accepted, past ones too; it sets <c>date_due</c>.</item>
/// </list>
/// </remarks>
internal static partial class SandboxChoices
{
    public const string MissingTaskObjectTypeText = "Bad Request: object_type_id is required.";
    public const string MissingTaskMessageText = "Bad Request: message.id is required.";
    public const string BadNewTimeText = "Bad Request: newtime must be a Unix time in seconds.";

    public static string NotATaskMessageText(long id) =>
        string.Create(CultureInfo.InvariantCulture, $"Bad Request: message {id} is not a task message.");

    public static string UnknownTaskOwnerText(long id) =>
        string.Create(CultureInfo.InvariantCulture, $"Bad Request: task_owner {id} is not a user of this account.");

    public static string CannotCompleteCancelledText(long taskId) =>
        string.Create(CultureInfo.InvariantCulture, $"Bad Request: task {taskId} is cancelled; a cancelled task cannot be completed.");

    public static string CannotCancelCompleteText(long taskId) =>
        string.Create(CultureInfo.InvariantCulture, $"Bad Request: task {taskId} is complete; a completed task cannot be cancelled.");

    public static string CannotRescheduleText(long taskId, string status) =>
        string.Create(CultureInfo.InvariantCulture, $"Bad Request: task {taskId} is {status}; only pending tasks can be rescheduled.");

    public static string UnknownOutcomeText(long outcomeId) =>
        string.Create(CultureInfo.InvariantCulture, $"Bad Request: call_outcome_id {outcomeId} is not a task outcome.");

    public static string UnknownFormFieldText(string field, ObjectTypeSchema type) =>
        string.Create(CultureInfo.InvariantCulture, $"Bad Request: form_data field {field} is not a field of {type.Plural}.");

    public static string MissingFormFieldsText(long taskId, IEnumerable<string> fields) =>
        string.Create(CultureInfo.InvariantCulture, $"Bad Request: task {taskId} needs its required form fields: {string.Join(", ", fields)}.");
}
