using System.Security.Cryptography;
using System.Text;

namespace Ontraport.Mcp.Server.Hosting.Authentication;

/// <summary>
/// The endpoint access tokens of <c>ONTRAPORT_MCP_ACCESS_TOKENS</c>: when set, every request to the MCP endpoint must
/// bring one as <c>Authorization: Bearer</c>, whatever the mode's own credentials.
/// </summary>
public sealed class EndpointTokens
{
    private readonly byte[][] _tokens;

    public EndpointTokens(ServerSettings settings) =>
        _tokens = [.. settings.AccessTokens.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t)))];

    /// <summary>Whether the operator set any.</summary>
    public bool Required => _tokens.Length > 0;

    /// <summary>Null when the request may go on (no tokens configured, or a valid one sent); otherwise why not.</summary>
    public string? Check(string authorization)
    {
        if (_tokens.Length == 0)
        {
            return null;
        }

        if (!TryBearer(authorization, out var token))
        {
            return "Unauthorized: this server requires an access token. Send 'Authorization: Bearer <access token>' with a token its operator set in ONTRAPORT_MCP_ACCESS_TOKENS.";
        }

        return TokenMatches(token)
            ? null
            : "Unauthorized: the access token is not valid for this server. Send one of the tokens its operator set in ONTRAPORT_MCP_ACCESS_TOKENS, as 'Authorization: Bearer <access token>'.";
    }

    public static bool TryBearer(string header, out string value)
    {
        const string prefix = "Bearer ";
        if (header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && header.Length > prefix.Length)
        {
            value = header[prefix.Length..].Trim();
            return value.Length > 0;
        }

        value = "";
        return false;
    }

    /// <summary>Compares hashes in constant time, and checks every configured token so timing says nothing about which matched.</summary>
    private bool TokenMatches(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var token in _tokens)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, token);
        }

        return match;
    }
}
