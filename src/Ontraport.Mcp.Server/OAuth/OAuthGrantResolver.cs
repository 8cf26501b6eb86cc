using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Ontraport.Client;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// Turns a signed-in request into its grant's account. The decrypted key and the grant's state are kept in memory for
/// <see cref="OAuthSettings.GrantCacheLifetime"/>, so a call costs one cache lookup; revoking or rejecting a grant on
/// this instance clears its entry at once. Other instances keep their entry until it expires, which is why, on the
/// PostgreSQL store (several instances), OpenIddict's validation also reads each token's entry: a revoked grant's tokens
/// are refused everywhere at the next call.
/// </summary>
public sealed class OAuthGrantResolver(
    IServiceScopeFactory scopes,
    IMemoryCache cache,
    IDataProtectionProvider protection,
    OAuthSettings settings,
    TimeProvider time)
{
    /// <summary>The Data Protection purpose of stored API keys (never reuse it for anything else).</summary>
    public const string ApiKeyPurpose = "Ontraport.Mcp.Server.OAuth.GrantApiKey.v1";

    private readonly IDataProtector _keys = protection.CreateProtector(ApiKeyPurpose);

    /// <summary>The grant id of a principal authenticated by <see cref="OAuthDefaults.AuthenticationScheme"/> (its subject).</summary>
    public static string? GrantIdOf(ClaimsPrincipal? user) => user?.FindFirst(Claims.Subject)?.Value;

    /// <summary>
    /// The grant of a request whose access token <see cref="OAuthDefaults.AuthenticationScheme"/> accepted (the grant check
    /// leaves it on the request): null before authentication or when it was refused.
    /// </summary>
    public static OAuthGrantAccount? ActiveGrantOf(HttpContext context) => context?.Features.Get<OAuthGrantAccount>();

    /// <summary>The account of an authenticated OAuth request, or null when the grant is gone, revoked or rejected.</summary>
    public ValueTask<OAuthGrantAccount?> ResolveAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        GrantIdOf(user) is { } grantId ? GetActiveAsync(grantId, cancellationToken) : ValueTask.FromResult<OAuthGrantAccount?>(null);

    /// <summary>The grant's account while it may be used.</summary>
    public ValueTask<OAuthGrantAccount?> GetActiveAsync(string grantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grantId);
        return cache.TryGetValue(CacheKey(grantId), out CachedGrant? cached) && cached is not null
            ? ValueTask.FromResult(cached.Account)
            : LoadAsync(grantId, cancellationToken);
    }

    /// <summary>
    /// Ontraport refused the grant's key (401): the grant stops working (its tokens are refused, so the client signs in
    /// again, which makes a new grant).
    /// </summary>
    public async Task MarkCredentialsRejectedAsync(string grantId, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<GrantStore>().MarkRejectedAsync(grantId, cancellationToken);
    }

    /// <summary>
    /// Revokes one grant and every token of it (operator, or an RFC 7009 revocation of any of its tokens); other grants,
    /// on the same client and account too, are not touched.
    /// </summary>
    public async Task<bool> RevokeAsync(string grantId, string reason, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<GrantStore>().RevokeAsync(grantId, reason, cancellationToken);
    }

    internal void Forget(string grantId) => cache.Remove(CacheKey(grantId));

    internal string Protect(string apiKey) => _keys.Protect(apiKey);

    private async ValueTask<OAuthGrantAccount?> LoadAsync(string grantId, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OAuthDbContext>();
        var grant = await db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == grantId, cancellationToken);
        OAuthGrantAccount? account = null;
        if (grant is { RevokedAt: null, CredentialsRejectedAt: null })
        {
            string apiKey;
            try
            {
                apiKey = _keys.Unprotect(grant.ProtectedApiKey);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                apiKey = string.Empty; // the key ring lost the key that protected it: the user must sign in again
            }

            if (apiKey.Length > 0)
            {
                account = new OAuthGrantAccount(grant.Id, new OntraportCredentials(grant.AppId, apiKey), grant.ClientName, Tools.ToolAllowance.FromStored(grant.Allowance));
            }
        }

        cache.Set(CacheKey(grantId), new CachedGrant(account), time.GetUtcNow() + settings.GrantCacheLifetime);
        return account;
    }

    private static string CacheKey(string grantId) => "oauth-grant:" + grantId;

    private sealed record CachedGrant(OAuthGrantAccount? Account);
}
