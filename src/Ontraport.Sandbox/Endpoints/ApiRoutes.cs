using Ontraport.Sandbox.Routing;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>The route table of the emulated API: one <c>Map</c> per endpoint area (add new areas here).</summary>
internal static class ApiRoutes
{
    public static RouteTable Build()
    {
        var routes = new RouteTable();
        ObjectReadEndpoints.Map(routes);
        ObjectWriteEndpoints.Map(routes);
        ObjectDeleteEndpoints.Map(routes);
        TagEndpoints.Map(routes);
        SubscriptionEndpoints.Map(routes);
        PauseEndpoints.Map(routes);
        MetaEndpoints.Map(routes);
        FieldEditorEndpoints.Map(routes);
        TaskEndpoints.Map(routes);
        LandingPageEndpoints.Map(routes);
        CommerceEndpoints.Map(routes);
        return routes;
    }
}
