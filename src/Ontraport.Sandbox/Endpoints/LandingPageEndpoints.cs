using System.Text.Json.Nodes;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Routing;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>GET <c>landingPage/getHostedURL?id=</c>: <c>data</c> is the page's hosted URL as a string (ontraport-api.md §3.1).</summary>
internal static class LandingPageEndpoints
{
    public static void Map(RouteTable routes) => routes.Map("GET", "landingPage/getHostedURL", GetHostedUrl);

    private static ApiResult GetHostedUrl(ApiContext context)
    {
        var type = context.Store.Catalog.Get(ObjectTypeIds.LandingPage);
        var page = context.RequiredRecord(type);
        return ApiResult.Data(JsonValue.Create(SandboxChoices.HostedUrl(page)));
    }
}
