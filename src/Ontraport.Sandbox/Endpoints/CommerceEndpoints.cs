using Ontraport.Sandbox.Routing;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>The commerce area: <c>transaction/*</c>, the inferred invoice endpoints and recurring orders.</summary>
internal static class CommerceEndpoints
{
    public static void Map(RouteTable routes)
    {
        TransactionEndpoints.Map(routes);
        InvoiceEndpoints.Map(routes);
        OrderEndpoints.Map(routes);
    }
}
