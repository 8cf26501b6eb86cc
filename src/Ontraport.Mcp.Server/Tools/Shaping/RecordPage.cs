using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>
/// The answer of a list read (DESIGN §4 "Outputs"): <c>{count, start, returned, next_start, …, items}</c>, serialized
/// by <see cref="ToolOutput.Json{T}"/> (snake_case, nulls dropped). Build it with <see cref="ToolOutput.PageOf"/>,
/// which keeps the answer under the size cap and says so when it cuts.
/// </summary>
public sealed record RecordPage
{
    public long? Count { get; init; }

    public required int Start { get; init; }

    public required int Returned { get; init; }

    /// <summary>Where the next page starts; absent on the last page.</summary>
    public int? NextStart { get; init; }

    public string? ObjectType { get; init; }

    /// <summary>The condition as the tool understood it.</summary>
    public string? Condition { get; init; }

    /// <summary>The columns shown when the agent named none (the account's list view plus the type's essentials).</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>How to ask for other fields, when the agent named none.</summary>
    public string? MoreFields { get; init; }

    /// <summary>What was cut or capped, and how to narrow the request.</summary>
    public string? Note { get; init; }

    [JsonConverter(typeof(RecordItemsConverter))] // ShapedRecords write straight from the upstream page (issue 22)
    public required IReadOnlyList<JsonObject> Items { get; init; }
}
