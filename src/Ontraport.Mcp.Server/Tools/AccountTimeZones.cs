using System.Collections.Concurrent;
using Ontraport.Client;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// The time zone an account's readable dates ("this month", "2026-11-01") are read in, in one place:
/// <c>ONTRAPORT_TIMEZONE</c> when set; otherwise the account owner's user record (Users, 2: the user with role 1, else
/// the lowest id) <c>timezone</c> field; otherwise UTC. Ontraport's public API documents no account time-zone endpoint,
/// so the user-record source is INFERRED (README). Cached per account for the metadata TTL.
/// </summary>
public sealed class AccountTimeZones(ToolOptions options, TimeProvider time)
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (TimeZoneInfo Zone, string Source, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public async Task<(TimeZoneInfo Zone, string Source)> ForAsync(OntraportClient client, CancellationToken cancellationToken)
    {
        if (options.TimeZoneOverride is { } configured)
        {
            return (configured, "ONTRAPORT_TIMEZONE");
        }

        var now = time.GetUtcNow();
        if (_cache.TryGetValue(client.AppId, out var cached) && cached.Expires > now)
        {
            return (cached.Zone, cached.Source);
        }

        var users = await client.Objects.ListAsync(ObjectTypeIds.User, new ListOptions { Range = ListOptions.MaxRange, Fields = ["role", "timezone"] }, cancellationToken);
        var owner = users.OrderBy(u => u["role"] == "1" ? 0 : 1).ThenBy(u => u.Id).FirstOrDefault();
        var (zone, source) = owner?["timezone"] is { Length: > 0 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found)
            ? (found, $"account owner (user {owner.Id})")
            : (TimeZoneInfo.Utc, "default (UTC)");
        _cache[client.AppId] = (zone, source, now + TimeToLive);
        return (zone, source);
    }
}
