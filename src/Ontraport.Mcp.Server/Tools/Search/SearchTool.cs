using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Search;

/// <summary>
/// <c>search</c> in OpenAI's shape (ChatGPT's deep research and company knowledge call only <c>search</c> and
/// <c>fetch</c>): one required <c>query</c>, one text item holding <c>{"results":[{"id","title","url"}]}</c>.
/// </summary>
[McpServerToolType, Toolset(Toolsets.Search)]
public sealed class SearchTool(ToolSession session)
{
    [McpServerTool(Name = "search", Title = "Search records", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Contacts, companies, deals, products and offers; best first, at most 20. Read one with fetch.")]
    public async Task<CallToolResult> Search(
        [Description("Name, email, phone or company.")] string query,
        CancellationToken cancellationToken = default)
    {
        var parsed = SearchQuery.Parse(query);
        return ToolOutput.Json(await new RecordSearch(session).FindAsync(parsed, cancellationToken));
    }
}
