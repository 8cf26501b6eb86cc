using System.Net;
using System.Net.Sockets;
using IPNetwork = System.Net.IPNetwork;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// The socket handler for fetching client ID metadata documents: the URL comes from whoever starts an authorization,
/// so it must not reach this host's own network (SSRF). It connects only to the address it checked (no second DNS
/// lookup to rebind), never through a proxy (the check would then see the proxy's address), follows no redirect, and
/// refuses every address that is not public: any IPv6 address with a scope ID, and every range of the table below.
/// </summary>
internal static class MetadataFetchHandler
{
    /// <summary>
    /// Sources: IANA IPv4 Special-Purpose Address Registry (iana-ipv4-special-registry, 2024-09) and IANA IPv6
    /// Special-Purpose Address Registry (iana-ipv6-special-registry, 2025-05), every entry whatever its "globally
    /// reachable" column; plus multicast (IANA IPv4 Multicast Address Space, 224.0.0.0/4) and, for IPv6, only global
    /// unicast (IANA IPv6 Address Space: 2000::/3; the rest, ::/8, fc00::/7, fe80::/10, fec0::/10, ff00::/8, is refused
    /// by <see cref="GlobalUnicast"/>; those inside ::/8 are listed anyway for the reader).
    /// </summary>
    internal static readonly IReadOnlyList<(IPNetwork Network, string Name)> SpecialPurpose =
    [
        // IPv4 Special-Purpose Address Registry
        (IPNetwork.Parse("0.0.0.0/8"), "\"this network\" (RFC 791)"),
        (IPNetwork.Parse("10.0.0.0/8"), "private use (RFC 1918)"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared address space (RFC 6598)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback (RFC 1122)"),
        (IPNetwork.Parse("169.254.0.0/16"), "link local (RFC 3927)"),
        (IPNetwork.Parse("172.16.0.0/12"), "private use (RFC 1918)"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignments (RFC 6890), with DS-Lite, PCP and TURN anycast, NAT64/DNS64 discovery"),
        (IPNetwork.Parse("192.0.2.0/24"), "documentation TEST-NET-1 (RFC 5737)"),
        (IPNetwork.Parse("192.31.196.0/24"), "AS112-v4 (RFC 7535)"),
        (IPNetwork.Parse("192.52.193.0/24"), "AMT (RFC 7450)"),
        (IPNetwork.Parse("192.88.99.0/24"), "deprecated 6to4 relay anycast (RFC 7526)"),
        (IPNetwork.Parse("192.168.0.0/16"), "private use (RFC 1918)"),
        (IPNetwork.Parse("192.175.48.0/24"), "direct delegation AS112 service (RFC 7534)"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking (RFC 2544)"),
        (IPNetwork.Parse("198.51.100.0/24"), "documentation TEST-NET-2 (RFC 5737)"),
        (IPNetwork.Parse("203.0.113.0/24"), "documentation TEST-NET-3 (RFC 5737)"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved (RFC 1112)"),
        (IPNetwork.Parse("255.255.255.255/32"), "limited broadcast (RFC 8190)"),

        // IPv4 Multicast Address Space
        (IPNetwork.Parse("224.0.0.0/4"), "multicast (RFC 5771)"),

        // IPv6 Special-Purpose Address Registry
        (IPNetwork.Parse("::1/128"), "loopback (RFC 4291)"),
        (IPNetwork.Parse("::/128"), "unspecified (RFC 4291)"),
        (IPNetwork.Parse("::ffff:0:0/96"), "IPv4-mapped (RFC 4291)"),
        (IPNetwork.Parse("::/96"), "IPv4-compatible, deprecated (RFC 4291)"),
        (IPNetwork.Parse("64:ff9b::/96"), "IPv4-IPv6 translation (RFC 6052)"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "local-use IPv4/IPv6 translation (RFC 8215)"),
        (IPNetwork.Parse("100::/64"), "discard-only (RFC 6666)"),
        (IPNetwork.Parse("100:0:0:1::/64"), "dummy IPv6 prefix (RFC 9780)"),
        (IPNetwork.Parse("2001::/23"), "IETF protocol assignments (RFC 2928), with Teredo, PCP anycast, benchmarking, AMT, AS112-v6, ORCHID, drone remote ID"),
        (IPNetwork.Parse("2001:db8::/32"), "documentation (RFC 3849)"),
        (IPNetwork.Parse("2002::/16"), "6to4 (RFC 3056)"),
        (IPNetwork.Parse("2620:4f:8000::/48"), "direct delegation AS112 service (RFC 7534)"),
        (IPNetwork.Parse("3fff::/20"), "documentation (RFC 9637)"),
        (IPNetwork.Parse("5f00::/16"), "segment routing (SRv6) SIDs (RFC 9602)"),
        (IPNetwork.Parse("fc00::/7"), "unique local (RFC 4193)"),
        (IPNetwork.Parse("fe80::/10"), "link-local unicast (RFC 4291)"),
    ];

    /// <summary>IANA IPv6 Address Space: the only block allocated for global unicast.</summary>
    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");

    public static SocketsHttpHandler Create() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        ConnectTimeout = ClientRegistry.FetchDeadline,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var address = addresses.FirstOrDefault(IsPublic)
                ?? throw new HttpRequestException($"{context.DnsEndPoint.Host} does not resolve to a public address.");
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>
    /// A public address: no scope ID (with one, <c>::1%1</c> is loopback though <see cref="IPAddress.IsLoopback"/> says
    /// otherwise, and a scope picks an interface), IPv6 only in 2000::/3, and in no range of <see cref="SpecialPurpose"/>.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.ScopeId != 0)
            {
                return false;
            }

            if (!GlobalUnicast.Contains(new IPAddress(address.GetAddressBytes())))
            {
                return false; // IPv4-mapped and -compatible addresses too: they are inside ::/8
            }
        }
        else if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        foreach (var (network, _) in SpecialPurpose)
        {
            if (network.Contains(address))
            {
                return false;
            }
        }

        return true;
    }
}
