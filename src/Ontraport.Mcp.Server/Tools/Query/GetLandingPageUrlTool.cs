using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client;
using Ontraport.Client.Engagement;
using Ontraport.Client.ObjectTypes;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class GetLandingPageUrlTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "get_landing_page_url", Title = "Landing page URL", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Hosted URL of a landing page.")]
    public async Task<CallToolResult> GetLandingPageUrl(
        long? id = null,
        [Description("Name or part of it.")] string? name = null,
        CancellationToken cancellationToken = default)
    {
        if (id is null == string.IsNullOrWhiteSpace(name))
        {
            throw new ToolInputException(id is null
                ? "Give the landing page's id or its name."
                : "Give either id or name, not both.");
        }

        if (id is <= 0)
        {
            throw new ToolInputException("id must be a landing page id (a positive whole number).");
        }

        var pageType = ObjectTypeRegistry.Find(ObjectTypeIds.LandingPage)!;
        var page = await lookup.ByIdOrNameAsync(pageType, id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? name, ["name"], id is null ? "name" : "id", cancellationToken);
        var response = await session.Client.SendAsync(LandingPageRequests.HostedUrl(page.Id), cancellationToken);
        var url = LandingPageRequests.ReadHostedUrl(response)
            ?? throw new OntraportException(OntraportErrorKind.InvalidResponse, $"Ontraport returned no hosted URL for landing page {page.Id}; the page may not be published.");

        return ToolOutput.Json(new LandingPageAnswer(page.Id, page["name"], url, page.GetTime("dlm") is { } modified ? RecordShaper.IsoDate(modified) : null));
    }
}
