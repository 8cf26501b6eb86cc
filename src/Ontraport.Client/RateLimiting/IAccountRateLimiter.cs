namespace Ontraport.Client.RateLimiting;

/// <summary>
/// What the transport needs from one account's rate limit: a permit before every attempt, and a re-sync from what the
/// upstream reported. <see cref="AccountRateLimiter"/> keeps it in this process; <see cref="SharedRateLimitPartitions"/>
/// keeps it in Redis for several instances.
/// </summary>
public interface IAccountRateLimiter
{
    int LimitPerMinute { get; }

    /// <summary>Time until the upstream said the account's window frees up, if it said so.</summary>
    TimeSpan? BlockedFor { get; }

    /// <summary>
    /// Waits for a permit to send one request. A limiter that can tell in advance that no permit comes before
    /// <paramref name="deadline"/> fails at once with <see cref="OntraportErrorKind.RateLimited"/>; otherwise the wait is
    /// cancelled by <paramref name="cancellationToken"/> (the call's budget).
    /// </summary>
    ValueTask AcquireAsync(DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>Re-syncs with <c>X-Rate-Limit-Remaining</c> / <c>-Reset</c> (remaining 0 and a reset after a 429).</summary>
    ValueTask ObserveAsync(int? remaining, TimeSpan? reset);
}

/// <summary>One <see cref="IAccountRateLimiter"/> per Ontraport account (keyed by app id).</summary>
public interface IRateLimitPartitions
{
    int LimitPerMinute { get; }

    IAccountRateLimiter For(string appId);
}
