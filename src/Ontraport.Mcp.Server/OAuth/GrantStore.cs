using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Ontraport.Client;
using Ontraport.Mcp.Server.Tools;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>Writes grants: one per consent, ended by revocation or by Ontraport refusing its key.</summary>
public sealed class GrantStore(
    OAuthDbContext db,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    OAuthGrantResolver resolver,
    TimeProvider time,
    ILogger<GrantStore> logger)
{
    /// <summary>Who ended a grant (<see cref="OAuthGrant.RevokedReason"/>).</summary>
    public const string RevokedByClient = "revoked by the client (RFC 7009)";

    public const string RevokedByOperator = "revoked by the operator";

    public const string RevokedByReplay = "its refresh token was used twice (it may have leaked)";

    /// <summary>The shortest key whose last four characters <see cref="OAuthGrant.KeyHint"/> may show.</summary>
    public const int KeyHintMinimumLength = 12;

    /// <summary>
    /// Records a consent as a grant of its own, with its own key and allowance. Another consent through the same client
    /// to the same account (another person, or the same one again) is another grant and changes nothing of this one.
    /// </summary>
    public async Task<OAuthGrant> CreateAsync(string clientId, string clientName, OntraportCredentials credentials, ToolAllowance allowance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(allowance);
        var now = time.GetUtcNow();
        var grant = new OAuthGrant
        {
            Id = "grant_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ClientId = clientId,
            ClientName = clientName,
            AppId = credentials.AppId,
            ProtectedApiKey = resolver.Protect(credentials.ApiKey),
            Allowance = allowance.ToStored(),
            KeyHint = KeyHintOf(credentials.ApiKey),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Grants.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        return grant;
    }

    /// <summary>"…" and the key's last four characters when at least eight stay hidden; null otherwise.</summary>
    public static string? KeyHintOf(string apiKey) =>
        apiKey is { Length: >= KeyHintMinimumLength } ? "…" + apiKey[^4..] : null;

    /// <summary>Its client got a token for it just now (a code redeemed or a refresh): the operator's "last used".</summary>
    public async Task MarkUsedAsync(string grantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Grants.Where(g => g.Id == grantId).ExecuteUpdateAsync(u => u.SetProperty(g => g.LastUsedAt, now), cancellationToken);
    }

    public async Task SetAuthorizationAsync(OAuthGrant grant, string authorizationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        grant.AuthorizationId = authorizationId;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> RevokeAsync(string grantId, string reason, CancellationToken cancellationToken)
    {
        var grant = await db.Grants.FirstOrDefaultAsync(g => g.Id == grantId, cancellationToken);
        if (grant is null)
        {
            return false;
        }

        if (grant.RevokedAt is null)
        {
            grant.RevokedAt = time.GetUtcNow();
            grant.RevokedReason = reason;
        }

        await db.SaveChangesAsync(cancellationToken);
        await resolver.ForgetAsync(grantId);
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
        await resolver.ForgetAsync(grantId);
        await EndTokensAsync(grant, cancellationToken);
        LogRejected(logger, grant.Id, grant.ClientName, grant.AppId);
    }

    public async Task<List<OAuthGrant>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await db.Grants.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(g => g.CreatedAt).ThenBy(g => g.Id, StringComparer.Ordinal)];

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
}
