using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Search;

/// <summary>
/// <c>fetch</c> in OpenAI's shape: one required <c>id</c> (a <c>search</c> result's), one text item holding
/// <c>{"id","title","text","url","metadata"}</c>.
/// </summary>
[McpServerToolType, Toolset(Toolsets.Search)]
public sealed class FetchTool(ToolSession session)
{
    [McpServerTool(Name = "fetch", Title = "Fetch record", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("One whole record by a search id.")]
    public async Task<CallToolResult> Fetch(
        [Description("From search, e.g. contacts/5.")] string id,
        CancellationToken cancellationToken = default)
    {
        var (objectType, recordId) = RecordDocument.ParseId(id);
        return ToolOutput.Json(await new RecordDocument(session).ReadAsync(objectType, recordId, cancellationToken));
    }
}
