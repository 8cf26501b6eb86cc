using Ontraport.Mcp.Server.Text;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// DNS-rebinding protection (MCP transport security): the endpoint answers only for allowed Host names and refuses
/// browser requests from foreign origins. Loopback names are always allowed; others come from
/// <c>ONTRAPORT_MCP_ALLOWED_HOSTS</c> and <c>ONTRAPORT_MCP_ALLOWED_ORIGINS</c>.
/// </summary>
public sealed class OriginPolicy
{
    private static readonly string[] Loopback = ["localhost", "127.0.0.1", "::1", "[::1]"];

    private readonly bool _anyHost;
    private readonly bool _anyOrigin;
    private readonly HashSet<string> _hosts;
    private readonly HashSet<string> _origins;

    public OriginPolicy(ServerSettings settings)
    {
        _anyHost = settings.AllowedHosts.Contains("*");
        _anyOrigin = settings.AllowedOrigins.Contains("*");
        _hosts = new HashSet<string>(Loopback.Concat(settings.AllowedHosts.Where(h => h != "*")), StringComparer.OrdinalIgnoreCase);
        _origins = new HashSet<string>(settings.AllowedOrigins.Where(o => o != "*").Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Null when the request may proceed; otherwise why it is refused (answered with 403).</summary>
    public string? Reject(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (!_anyHost && !HostAllowed(host))
        {
            return $"Forbidden: Host '{host}' is not served here. Operators add public host names to ONTRAPORT_MCP_ALLOWED_HOSTS.";
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || _anyOrigin)
        {
            return null; // not a browser request, or the operator allows every origin
        }

        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri) &&
            (HostAllowed(uri.Host) || _origins.Contains(uri.GetLeftPart(UriPartial.Authority))))
        {
            return null;
        }

        return $"Forbidden: Origin '{Shorten(origin)}' is not allowed. Operators add trusted origins to ONTRAPORT_MCP_ALLOWED_ORIGINS.";
    }

    private bool HostAllowed(string host)
    {
        if (_hosts.Contains(host))
        {
            return true;
        }

        // "*.example.com" entries allow subdomains.
        return _hosts.Any(h => h.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(h[1..], StringComparison.OrdinalIgnoreCase));
    }

    private static string Shorten(string text) => TextLimit.Shorten(text, 100);
}
