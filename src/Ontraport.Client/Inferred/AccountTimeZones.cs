using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;

namespace Ontraport.Client.Inferred;

/// <summary>
/// The time zone an account's readable dates ("this month", "2026-11-01") are read in, in one place: the host's
/// configured zone when it sets one; otherwise the account owner's user record (Users, 2: the user with role 1, else the
/// lowest id) <c>timezone</c> field; otherwise UTC. Ontraport's public API documents no account time-zone endpoint, so
/// the user-record source is INFERRED (README). Cached with the account's metadata, per account and credential
/// (<see cref="OntraportClient.GetCachedAsync"/>): a caller whose key Ontraport refuses learns nothing from it.
/// </summary>
/// <param name="configured">The zone the host's operator configured, if any; it wins over the account's.</param>
/// <param name="configuredSource">How the answer names the configured zone's source (the host's setting).</param>
public sealed class AccountTimeZones(TimeZoneInfo? configured = null, string configuredSource = "configured")
{
    public async Task<(TimeZoneInfo Zone, string Source)> ForAsync(OntraportClient client, CancellationToken cancellationToken)
    {
        if (configured is not null)
        {
            return (configured, configuredSource);
        }

        var found = await client.GetCachedAsync("time-zone", () => ReadAsync(client), cancellationToken);
        return (found.Zone, found.Source);
    }

    /// <summary>Shared by concurrent first callers, so not cancelled by one of them (the client's call budget bounds it).</summary>
    private static async Task<AccountTimeZone> ReadAsync(OntraportClient client)
    {
        var users = await client.Objects.ListAsync(ObjectTypeIds.User, new ListOptions { Range = ListOptions.MaxRange, Fields = ["role", "timezone"] }, CancellationToken.None);
        var owner = users.OrderBy(u => u["role"] == "1" ? 0 : 1).ThenBy(u => u.Id).FirstOrDefault();
        return owner?["timezone"] is { Length: > 0 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? new AccountTimeZone(zone, $"account owner (user {owner.Id})")
            : new AccountTimeZone(TimeZoneInfo.Utc, "default (UTC)");
    }

    private sealed record AccountTimeZone(TimeZoneInfo Zone, string Source);
}
