using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using OpenIddict.Abstractions;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// Access tokens OpenIddict has validated (signature, audience, issuer), kept in memory by their SHA-256 until they
/// expire (at most <see cref="MaxLifetime"/>), so a repeated call skips OpenIddict's pipeline (issue 22: a signed-in call
/// within 0.1 ms of an endpoint-token call). What can end a token before its expiry ends its whole grant (revocation, a
/// refused key, a replayed refresh token), and every hit still asks <see cref="OAuthGrantResolver"/>, whose entries
/// those events clear; the expiry is checked on every hit on the injected clock.
/// </summary>
public sealed class ValidatedTokens(IMemoryCache cache, TimeProvider time)
{
    /// <summary>How long one validation is reused at most (memory only: every hit checks the token's expiry and grant).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The principal of a token validated before and not yet expired; null otherwise.</summary>
    public ClaimsPrincipal? Find(string token) =>
        cache.TryGetValue(Key(token), out Entry? entry) && entry is not null && time.GetUtcNow() < entry.ExpiresAt
            ? entry.Principal.Clone()
            : null;

    /// <summary>Keeps what OpenIddict accepted, until the token's own expiry (a token without one is not kept).</summary>
    public void Keep(string token, ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.GetExpirationDate() is not { } expires)
        {
            return;
        }

        var now = time.GetUtcNow();
        var until = expires < now + MaxLifetime ? expires : now + MaxLifetime;
        if (until > now)
        {
            cache.Set(Key(token), new Entry(principal.Clone(), until), until - now);
        }
    }

    private static string Key(string token) => "oauth-token:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset ExpiresAt);
}
