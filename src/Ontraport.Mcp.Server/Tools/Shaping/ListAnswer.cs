using System.Text.Json.Serialization;

namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>
/// The list envelope of a read tool (DESIGN §4 "Outputs"): <c>{count, start, returned, next_start, …, note, items}</c>.
/// A tool derives a record that adds what it echoes (the contact, the window…); those properties are written between
/// <c>next_start</c> and <c>note</c>. <c>next_start</c> is written as null on the last page, as agents page on it. Build
/// it with <see cref="ToolOutput.List{TAnswer, TItem}"/>, which fills in the paging and keeps the answer under the size
/// cap, saying so in <see cref="Note"/> when it cuts.
/// </summary>
public abstract record ListAnswer<TItem>
{
    [JsonPropertyOrder(-4)]
    public long? Count { get; init; }

    [JsonPropertyOrder(-3)]
    public int Start { get; init; }

    [JsonPropertyOrder(-2)]
    public int Returned { get; init; }

    [JsonPropertyOrder(-1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? NextStart { get; init; }

    /// <summary>The tool's own note (an empty result…); a capped limit or a cut replaces or extends it.</summary>
    [JsonPropertyOrder(1000)]
    public string? Note { get; init; }

    [JsonPropertyOrder(1001)]
    public IReadOnlyList<TItem> Items { get; init; } = [];
}
