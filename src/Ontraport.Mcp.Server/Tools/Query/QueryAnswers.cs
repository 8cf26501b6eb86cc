using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

// The typed answers of the Query tools, serialized by ToolOutput.Json<T> (snake_case, nulls dropped unless a property
// says otherwise: a field Ontraport left empty is still shown as null where the answer always had it).

/// <summary>A person or record the answer is about, by id and name (the name shown even when empty or unknown).</summary>
public sealed record NameEcho(long Id, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name);

/// <summary>Who a log is about: id, name, email, last activity and email status.</summary>
public sealed record ContactSummary(long Id, string Name, string? Email, string? LastActivity, string? EmailStatus);

/// <summary><c>get_recent_notes</c>: one note.</summary>
public sealed record NoteItem(long Id, string? Date, string? Type, string? Author, long? ContactId, string? Contact,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Note);

/// <summary><c>get_recent_notes</c>.</summary>
public sealed record NotesAnswer(NameEcho? Contact, string? NoteType, DateWindow? Window) : ListAnswer<NoteItem>;

/// <summary><c>get_contact_log</c>: one logged activity.</summary>
public sealed record LogEntry(long Id, string? Date,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? Activity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Description,
    RecordRef? Message);

/// <summary><c>get_contact_log</c>.</summary>
public sealed record ContactLogAnswer(ContactSummary Contact, DateWindow? Window, string? Activity) : ListAnswer<LogEntry>;

/// <summary><c>get_automation_log</c>: one step of an automation.</summary>
public sealed record AutomationLogEntry(long Id, string? Date, RecordRef? Automation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Description);

/// <summary><c>get_automation_log</c>.</summary>
public sealed record AutomationLogAnswer(ContactSummary Contact, IReadOnlyList<RecordRef> CurrentAutomations, NameEcho? Automation, DateWindow? Window)
    : ListAnswer<AutomationLogEntry>;
