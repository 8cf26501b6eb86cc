using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Ontraport.Client;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>Writes grants: one per (client, Ontraport account), created or refreshed by consent, ended by revocation.</summary>
public sealed class GrantStore(
    OAuthDbContext db,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    OAuthGrantResolver resolver,
    TimeProvider time,
    ILogger<GrantStore> logger)
{
    /// <summary>
    /// Records a consent. The same client and account again refreshes that grant (new key and allowance, a rejected key
    /// replaced); another account through the same client gets its own grant and leaves the first one alone.
    /// </summary>
    public async Task<OAuthGrant> SaveConsentAsync(string clientId, string clientName, OntraportCredentials credentials, GrantAllowance allowance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(allowance);
        var now = time.GetUtcNow();
        var candidates = await db.Grants.Where(g => g.ClientId == clientId && g.AppId == credentials.AppId && g.RevokedAt == null).ToListAsync(cancellationToken);
        var grant = candidates.OrderByDescending(g => g.UpdatedAt.UtcTicks).FirstOrDefault();
        if (grant is null)
        {
            grant = new OAuthGrant
            {
                Id = "grant_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                ClientId = clientId,
                ClientName = clientName,
                AppId = credentials.AppId,
                ProtectedApiKey = resolver.Protect(credentials.ApiKey),
                Allowance = allowance.ToStored(),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Grants.Add(grant);
        }
        else
        {
            if (grant.CredentialsRejectedAt is not null && grant.AuthorizationId is { } stale)
            {
                grant.AuthorizationId = null; // its tokens were revoked with the rejection; a new authorization starts
                LogReplaced(logger, grant.Id, stale);
            }

            grant.ClientName = clientName;
            grant.ProtectedApiKey = resolver.Protect(credentials.ApiKey);
            grant.Allowance = allowance.ToStored();
            grant.CredentialsRejectedAt = null;
            grant.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        resolver.Forget(grant.Id);
        return grant;
    }

    public async Task SetAuthorizationAsync(OAuthGrant grant, string authorizationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        grant.AuthorizationId = authorizationId;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> RevokeAsync(string grantId, CancellationToken cancellationToken)
    {
        var grant = await db.Grants.FirstOrDefaultAsync(g => g.Id == grantId, cancellationToken);
        if (grant is null)
        {
            return false;
        }

        grant.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        resolver.Forget(grantId);
        await EndTokensAsync(grant, cancellationToken);
        LogRevoked(logger, grant.Id, grant.ClientName, grant.AppId);
        return true;
    }

    public async Task MarkRejectedAsync(string grantId, CancellationToken cancellationToken)
    {
        var grant = await db.Grants.FirstOrDefaultAsync(g => g.Id == grantId, cancellationToken);
        if (grant is null)
        {
            return;
        }

        grant.CredentialsRejectedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        resolver.Forget(grantId);
        await EndTokensAsync(grant, cancellationToken);
        LogRejected(logger, grant.Id, grant.ClientName, grant.AppId);
    }

    public Task<List<OAuthGrant>> ListAsync(CancellationToken cancellationToken) =>
        db.Grants.AsNoTracking().OrderBy(g => g.Id).ToListAsync(cancellationToken);

    private async Task EndTokensAsync(OAuthGrant grant, CancellationToken cancellationToken)
    {
        if (grant.AuthorizationId is not { } authorizationId)
        {
            return;
        }

        if (await authorizations.FindByIdAsync(authorizationId, cancellationToken) is { } authorization)
        {
            await authorizations.TryRevokeAsync(authorization, cancellationToken);
        }

        await tokens.RevokeByAuthorizationIdAsync(authorizationId, cancellationToken);
    }

    private static void LogRevoked(ILogger logger, string grantId, string clientName, string appId) =>
        logger.LogInformation("OAuth grant {GrantId} revoked ({ClientName}, app id {AppId})", grantId, clientName, appId);

    private static void LogRejected(ILogger logger, string grantId, string clientName, string appId) =>
        logger.LogWarning("OAuth grant {GrantId} ({ClientName}, app id {AppId}): Ontraport refused its key; the user must sign in again", grantId, clientName, appId);

    private static void LogReplaced(ILogger logger, string grantId, string authorizationId) =>
        logger.LogInformation("OAuth grant {GrantId}: a new sign-in replaces the rejected key (authorization {AuthorizationId} ended)", grantId, authorizationId);
}
