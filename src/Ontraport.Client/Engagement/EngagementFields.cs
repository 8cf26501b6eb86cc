namespace Ontraport.Client.Engagement;

/// <summary>
/// Field names and codes of the object types the engagement and account reads use (Groups 3, Log Items 4, Messages 7,
/// Sequence Subscribers 8, Notes 12, Scheduled Broadcasts 23, Task Outcomes 66, Gateways 70, Automation Log Items 100,
/// Tag Subscribers 138, Users 2).
/// <para>
/// INFERRED: ontraport-api.md documents these types' ids (§4) but not their fields, except where a member says [V]. The
/// names below follow Ontraport's own conventions elsewhere (<c>contact_id</c>, <c>date</c>, <c>owner</c>, <c>name</c>)
/// and the list-view columns the SDK tests captured. This is the one place the client and the tools spell them: correct
/// them here against a live account. Codes are only a fallback; the tools read drop-down options from the account's
/// metadata first.
/// </para>
/// </summary>
public static class EngagementFields
{
    /// <summary>Groups (3): a saved filter over one object type.</summary>
    public static class Groups
    {
        public const string Name = "name";
        public const string ObjectType = "object_type_id";

        /// <summary>The group's filter as a criteria JSON string (same shape as <c>condition</c>, §2.2).</summary>
        public const string Criteria = "criteria";
        public const string Owner = "owner";
        public const string Date = "date";
    }

    /// <summary>Log Items (4): one activity of one contact.</summary>
    public static class LogItems
    {
        public const string ContactId = "contact_id";

        /// <summary>The activity code; its words come from the metadata's options.</summary>
        public const string Type = "type";
        public const string MessageId = "message_id";
        public const string Description = "description";
        public const string Date = "date";
    }

    /// <summary>Automation Log Items (100): one step an automation took for a contact.</summary>
    public static class AutomationLog
    {
        public const string ContactId = "contact_id";

        /// <summary>The automation (140); Ontraport's legacy name for automations is "campaigns".</summary>
        public const string AutomationId = "campaign_id";
        public const string Description = "description";
        public const string Date = "date";
    }

    /// <summary>Notes (12) [D: a public client posts <c>contact_id</c>, <c>data</c>, <c>author</c>, <c>type</c>]; the date field and type codes are inferred.</summary>
    public static class Notes
    {
        public const string ContactId = "contact_id";
        public const string Author = "author";
        public const string Type = "type";
        public const string Text = "data";
        public const string Date = "date";

        /// <summary>Fallback note types when the metadata has no options for <see cref="Type"/>.</summary>
        public static readonly IReadOnlyDictionary<string, string> TypeCodes = new Dictionary<string, string>
        {
            ["0"] = "Note", ["1"] = "Phone Call", ["2"] = "Email", ["3"] = "Meeting",
        };
    }

    /// <summary>
    /// Messages (7). The statistics columns are [V: the SDK tests' captured list fields]; <c>type</c> values are [V: SDK
    /// <c>Messages.php</c>: template, email, sms, task; clients also send e-mail]. Using <see cref="Date"/> as the send date
    /// of a broadcast is inferred: messages carry no per-send date, and the counts are lifetime totals.
    /// </summary>
    public static class Messages
    {
        public const string Name = "name";
        public const string Subject = "subject";
        public const string Type = "type";
        public const string Date = "date";
        public const string Sent = "mcsent";
        public const string Opened = "mcopened";
        public const string Clicked = "mcclicked";
        public const string Unsubscribed = "mcunsub";
        public const string Complaints = "mcabuse";
        public const string TaskForm = "task_form";

        public static readonly IReadOnlyList<string> EmailTypes = ["email", "template", "e-mail"];
        public static readonly IReadOnlyList<string> SmsTypes = ["sms"];
    }

    /// <summary>Scheduled Broadcasts (23): a message queued for a group at a send date.</summary>
    public static class Broadcasts
    {
        public const string Name = "name";
        public const string MessageId = "message_id";
        public const string Type = "type";
        public const string GroupId = "group_id";
        public const string Status = "status";
        public const string SendDate = "send_date";
        public const string Recipients = "recipients";

        /// <summary>Fallback status codes when the metadata has no options for <see cref="Status"/>.</summary>
        public static readonly IReadOnlyDictionary<string, string> StatusCodes = new Dictionary<string, string>
        {
            ["0"] = "Scheduled", ["1"] = "Sending", ["2"] = "Sent", ["3"] = "Cancelled",
        };
    }

    /// <summary>Tag Subscribers (138) and Sequence Subscribers (8): join rows between a record and a tag or sequence.</summary>
    public static class Subscribers
    {
        public const string TagId = "tag_id";
        public const string SequenceId = "sequence_id";
        public const string ObjectType = "object_type_id";
        public const string ObjectId = "object_id";
        public const string Date = "date";
        public const string Step = "step";
        public const string Pause = "pause";
    }

    /// <summary>Users (2): staff. <c>role</c> and <c>timezone</c> are inferred (see also the account time-zone reader).</summary>
    public static class Users
    {
        public const string FirstName = "firstname";
        public const string LastName = "lastname";
        public const string Email = "email";
        public const string Role = "role";
        public const string Title = "title";
        public const string TimeZone = "timezone";
    }

    /// <summary>Gateways (70): only these non-secret columns are ever read.</summary>
    public static class Gateways
    {
        public const string Name = "name";
        public const string Type = "type";
        public const string Status = "status";
        public const string Test = "test";
        public const string Currency = "currency";
    }

    /// <summary>Task Outcomes (66).</summary>
    public static class TaskOutcomes
    {
        public const string Name = "name";
    }
}
