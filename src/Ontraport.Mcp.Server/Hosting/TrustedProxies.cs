using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// <c>ONTRAPORT_MCP_TRUSTED_PROXIES</c>: the reverse proxies (addresses or CIDR networks) whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> the server believes, through ASP.NET Core's forwarded-headers middleware. Anyone else's are
/// ignored: a client that writes its own <c>X-Forwarded-For</c> must not choose the address every per-client limit
/// counts. <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> alone (which trusts every peer) is held to the same list.
/// </summary>
public static class TrustedProxies
{
    public const string Setting = "ONTRAPORT_MCP_TRUSTED_PROXIES";

    /// <summary>The networks of the setting; each address or network that cannot be read is listed in <paramref name="problems"/>.</summary>
    public static IReadOnlyList<IPNetwork> Parse(string? value, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var networks = new List<IPNetwork>();
        foreach (var item in Settings.SettingValues.List(value))
        {
            if (IPNetwork.TryParse(item, out var network))
            {
                networks.Add(network);
            }
            else if (!item.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(item, out var address)
                && (item.Contains(':', StringComparison.Ordinal) || item.Count(c => c == '.') == 3)) // not "10" for 0.0.0.10
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                problems.Add($"{Setting} '{item}' is not an IP address or CIDR network (such as 172.28.0.10 or 10.0.0.0/8); list the reverse proxies in front of this server, comma-separated.");
            }
        }

        return networks;
    }

    /// <summary>Runs after ASP.NET Core's own configuration of the options, so nothing but the setting is trusted.</summary>
    public static void Apply(ForwardedHeadersOptions options, ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        if (settings.TrustedProxies.Count == 0)
        {
            options.ForwardedHeaders = ForwardedHeaders.None; // an empty list would mean "trust every peer" to the middleware
            return;
        }

        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = null; // a chain of trusted proxies is walked back to the first peer that is not one
        foreach (var network in settings.TrustedProxies)
        {
            options.KnownIPNetworks.Add(network);
        }
    }
}
