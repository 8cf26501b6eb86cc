using System.Net;
using System.Net.Sockets;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// Who is asking, for the per-client limits of the sign-in server (registrations, key checks, metadata fetches): the
/// connection's address, which the forwarded-headers middleware has already replaced by the client's when the peer is
/// one of <c>ONTRAPORT_MCP_TRUSTED_PROXIES</c>.
/// </summary>
public static class ClientAddress
{
    /// <summary>
    /// The partition key of an address: an IPv4 address as it is (an IPv4-mapped IPv6 one as IPv4), an IPv6 address by its
    /// /64, the smallest network a host is given (RFC 6177): one machine may use any of its 2^64 addresses.
    /// </summary>
    public static string PartitionOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public static string PartitionOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return PartitionOf(http.Connection.RemoteIpAddress);
    }
}
