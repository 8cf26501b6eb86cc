namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// How an ended grant (revoked, its key refused upstream, its refresh token replayed) reaches the grant cache of every
/// instance (<see cref="OAuthGrantResolver"/>). The host supplies Redis pub/sub when instances share a Redis
/// (<c>ONTRAPORT_MCP_REDIS</c>); without one nothing crosses instances, and another instance's cached entry lives out
/// <see cref="OAuthSettings.GrantCacheLifetime"/> (the bounded window of docs/security.md).
/// </summary>
public interface IGrantRevocationChannel
{
    /// <summary>Tells every instance (this one too) that <paramref name="grantId"/> ended.</summary>
    Task PublishAsync(string grantId);

    /// <summary>Calls <paramref name="ended"/> with each grant id any instance ended.</summary>
    void Subscribe(Action<string> ended);
}
