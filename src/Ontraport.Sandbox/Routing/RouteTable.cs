using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Routing;

/// <summary>Handles one endpoint; throws <see cref="ApiError"/> for a request it refuses.</summary>
internal delegate ApiResult EndpointHandler(ApiContext context);

/// <summary>
/// Method + path → handler, case-insensitive. A path that is not mapped as such may name an object type:
/// <c>/Contacts[/sub]</c> ≡ <c>/objects[/sub]?objectID=0</c> and <c>/Contact</c> ≡ <c>/object?objectID=0</c>
/// (ontraport-api.md §3). Explicit routes (e.g. <c>task/assign</c>) win over that aliasing.
/// </summary>
internal sealed class RouteTable
{
    private readonly Dictionary<string, Dictionary<string, EndpointHandler>> _routes = new(StringComparer.OrdinalIgnoreCase);

    public RouteTable Map(string method, string path, EndpointHandler handler)
    {
        var key = Normalize(path);
        if (!_routes.TryGetValue(key, out var methods))
        {
            methods = new Dictionary<string, EndpointHandler>(StringComparer.OrdinalIgnoreCase);
            _routes.Add(key, methods);
        }

        methods.Add(method, handler);
        return this;
    }

    public RouteMatch Resolve(string method, string path, SchemaCatalog catalog)
    {
        var key = Normalize(path);
        if (_routes.TryGetValue(key, out var methods))
        {
            return Match(methods, method, null);
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? key : key[..slash];
        var rest = slash < 0 ? string.Empty : key[slash..];
        if (catalog.FindByName(first) is { } named
            && _routes.TryGetValue((named.Plural || rest.Length > 0 ? "objects" : "object") + rest, out var aliased))
        {
            return Match(aliased, method, named.Type.Id);
        }

        // A singular name with a sub-path (e.g. Contact/getByEmail) maps to the singular generic path.
        if (catalog.FindByName(first) is { Plural: false } single && _routes.TryGetValue("object" + rest, out var singular))
        {
            return Match(singular, method, single.Type.Id);
        }

        return RouteMatch.NotFound;
    }

    private static RouteMatch Match(Dictionary<string, EndpointHandler> methods, string method, int? impliedObjectType) =>
        methods.TryGetValue(method, out var handler) ? new RouteMatch(handler, impliedObjectType, true) : new RouteMatch(null, null, true);

    private static string Normalize(string path) => path.Trim().Trim('/').ToLowerInvariant();
}

/// <summary>The outcome of routing: a handler, or none (then <see cref="PathExists"/> tells 405 from 404).</summary>
internal readonly record struct RouteMatch(EndpointHandler? Handler, int? ImpliedObjectType, bool PathExists)
{
    public static RouteMatch NotFound => new(null, null, false);
}
