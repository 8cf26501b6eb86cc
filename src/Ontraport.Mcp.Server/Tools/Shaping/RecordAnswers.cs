using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tools.Shaping;

// The typed answers of the CRUD write tools, serialized by ToolOutput.Json<T> (snake_case, nulls dropped). Records inside
// them are shaped as words by ReadableRecords. Each carries the record's link into Ontraport (RecordLinks) next to its id.

/// <summary>
/// <c>create_object</c>: what was created, its id, and the record as Ontraport returned it; when Ontraport accepted the
/// create without returning the record, only what was created and a note on how to find it.
/// </summary>
public sealed record CreatedAnswer(string Created, long? Id, string? Url, JsonObject? Record, string? Note = null);

/// <summary><c>update_object</c>: the fields Ontraport reports as changed.</summary>
public sealed record UpdatedAnswer(string Updated, long Id, string? Url, JsonObject Changed, string? Note = null);

/// <summary><c>saveorupdate_object</c>: a new record, or the record merged into and what changed there.</summary>
public sealed record SavedAnswer(bool Created, long? Id = null, long? MergedInto = null, string? Url = null, JsonObject? Record = null, JsonObject? Changed = null);

/// <summary><c>delete_object</c>: enough of the deleted record to recognise it.</summary>
public sealed record DeletedAnswer(string Deleted, JsonObject Record);

/// <summary><c>update_object</c> with <c>dry_run</c>: the record that would be updated.</summary>
public sealed record UpdateDryRun(long Id) : DryRunAnswer;

/// <summary><c>delete_object</c> with <c>dry_run</c>: enough of the record that would be deleted to recognise it.</summary>
public sealed record DeleteDryRun(JsonObject WouldDelete) : DryRunAnswer;

/// <summary><c>delete_objects</c>: how many records matched, and how many were deleted.</summary>
public sealed record DeletedManyAnswer(string ObjectType, long Matching, string? Condition, long Deleted, string? Note = null);

/// <summary><c>delete_objects</c> with <c>dry_run</c>: how many records would be deleted.</summary>
public sealed record DeleteManyDryRun(string ObjectType, long Matching, string? Condition) : DryRunAnswer;

/// <summary>A request this server refuses to send (a delete of every record), and why; nothing was sent.</summary>
public sealed record IgnoredAnswer(string? Condition, string Reason)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public bool Ignored => true;
}
