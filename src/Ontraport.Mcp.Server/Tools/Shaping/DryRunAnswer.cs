using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>
/// The answer of a <c>dry_run</c>: <c>{dry_run: true, …what the call would do…, requests, note}</c>, the requests exactly
/// as they would be sent (credentials never included). A tool whose dry run says more derives a record from this one and
/// registers it in <see cref="ToolJson"/>; its own properties are written between <c>dry_run</c> and <c>requests</c>.
/// Answer it with <see cref="ToolOutput.DryRun{T}"/>, which fills in the requests.
/// </summary>
public record DryRunAnswer
{
    /// <summary>The note of every dry run that needs no confirmation.</summary>
    public const string NothingSent = "Nothing was sent. Call again without dry_run to do it.";

    [JsonPropertyOrder(-1)]
    public bool DryRun { get; } = true;

    [JsonPropertyOrder(1000)]
    public IReadOnlyList<JsonObject> Requests { get; init; } = [];

    [JsonPropertyOrder(1001)]
    public string Note { get; init; } = NothingSent;
}
