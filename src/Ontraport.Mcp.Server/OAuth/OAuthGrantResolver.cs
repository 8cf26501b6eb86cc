using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Ontraport.Client;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// Turns a signed-in request into its grant's account, and is the one place that decides whether a grant still holds on a
/// call. The decrypted key and the grant's state are kept in memory for <see cref="OAuthSettings.GrantCacheLifetime"/>,
/// so a call costs one cache lookup and no store read. Ending a grant on this instance clears its entry at once; the
/// <see cref="IGrantRevocationChannel"/> (Redis pub/sub when configured) clears it on every other instance too, and
/// without one another instance's entry lives out its lifetime (30 s by default).
/// </summary>
public sealed class OAuthGrantResolver
{
    /// <summary>The Data Protection purpose of stored API keys (never reuse it for anything else).</summary>
    public const string ApiKeyPurpose = "Ontraport.Mcp.Server.OAuth.GrantApiKey.v1";

    private readonly IServiceScopeFactory _scopes;
    private readonly IMemoryCache _cache;
    private readonly OAuthSettings _settings;
    private readonly TimeProvider _time;
    private readonly IGrantRevocationChannel? _channel;
    private readonly IDataProtector _keys;
    private long _ended;

    public OAuthGrantResolver(IServiceScopeFactory scopes, IMemoryCache cache, IDataProtectionProvider protection, OAuthSettings settings, TimeProvider time,
        IGrantRevocationChannel? channel = null)
    {
        ArgumentNullException.ThrowIfNull(protection);
        _scopes = scopes;
        _cache = cache;
        _settings = settings;
        _time = time;
        _channel = channel;
        _keys = protection.CreateProtector(ApiKeyPurpose);
        channel?.Subscribe(ForgetHere);
    }

    /// <summary>Grant endings this instance has applied to its cache (its own and those other instances published).</summary>
    public long EndingsApplied => Interlocked.Read(ref _ended);

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
        return _cache.TryGetValue(CacheKey(grantId), out CachedGrant? cached) && cached is not null && _time.GetUtcNow() < cached.Until
            ? ValueTask.FromResult(cached.Account)
            : LoadAsync(grantId, cancellationToken);
    }

    /// <summary>
    /// Ontraport refused the grant's key (401): the grant stops working (its tokens are refused, so the client signs in
    /// again, which makes a new grant).
    /// </summary>
    public async Task MarkCredentialsRejectedAsync(string grantId, CancellationToken cancellationToken)
    {
        using var scope = _scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<GrantStore>().MarkRejectedAsync(grantId, cancellationToken);
    }

    /// <summary>
    /// Revokes one grant and every token of it (operator, or an RFC 7009 revocation of any of its tokens); other grants,
    /// on the same client and account too, are not touched.
    /// </summary>
    public async Task<bool> RevokeAsync(string grantId, string reason, CancellationToken cancellationToken)
    {
        using var scope = _scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<GrantStore>().RevokeAsync(grantId, reason, cancellationToken);
    }

    /// <summary>
    /// The grant ended (its state is already written to the store): this instance forgets it at once, and every other
    /// instance when the channel carries it. A channel that fails leaves the others their bounded lifetime.
    /// </summary>
    internal async Task ForgetAsync(string grantId)
    {
        ForgetHere(grantId);
        if (_channel is not null)
        {
            await _channel.PublishAsync(grantId);
        }
    }

    private void ForgetHere(string grantId)
    {
        Interlocked.Increment(ref _ended); // first: a load that started before this must not cache what it read (LoadAsync)
        _cache.Remove(CacheKey(grantId));
    }

    internal string Protect(string apiKey) => _keys.Protect(apiKey);

    private async ValueTask<OAuthGrantAccount?> LoadAsync(string grantId, CancellationToken cancellationToken)
    {
        var endedBefore = EndingsApplied;
        using var scope = _scopes.CreateScope();
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

        if (EndingsApplied == endedBefore)
        {
            // Not cached when a grant ended while this one was read: what was read may predate that ending.
            _cache.Set(CacheKey(grantId), new CachedGrant(account, _time.GetUtcNow() + _settings.GrantCacheLifetime), _settings.GrantCacheLifetime);
        }

        return account;
    }

    private static string CacheKey(string grantId) => "oauth-grant:" + grantId;

    /// <summary>The entry and its end on the injected clock (the memory cache's own expiry only frees the memory).</summary>
    private sealed record CachedGrant(OAuthGrantAccount? Account, DateTimeOffset Until);
}
