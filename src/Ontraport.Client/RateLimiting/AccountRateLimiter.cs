namespace Ontraport.Client.RateLimiting;

/// <summary>
/// Keeps one Ontraport account under its per-minute limit (180 by default; API reference §1.6) with a
/// <see cref="TokenBucket"/> (a System.Threading.RateLimiting <c>RateLimiter</c>) replenished by a
/// <see cref="TimeProvider"/> timer, so tests can drive the clock.
/// <para>
/// The guarantee is "never more than the limit in ANY 60-second window", not just per aligned minute. A bucket of
/// capacity B refilled k tokens every 60·k/R seconds admits at most B + R requests in any half-open 60 s window; with
/// R = L − B − k that is L − k, one tick of headroom for arrival jitter. B = max(1, L/40) keeps bursts small while
/// sustained throughput stays near (L − B − k)/L: 174 of 180 (97 %) with k = 1 and a 343 ms tick (see Tick).
/// </para>
/// Waiting callers are served oldest first, so sessions sharing an account share it fairly. Responses re-sync the
/// bucket from <c>X-Rate-Limit-Remaining</c> / <c>-Reset</c>, because other integrations spend the same budget.
/// </summary>
public sealed class AccountRateLimiter : IAccountRateLimiter, IAsyncDisposable
{
    private readonly TokenBucket _bucket;
    private readonly ITimer _timer;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private DateTimeOffset _blockedUntil;

    /// <summary>
    /// The shortest replenishment tick. <see cref="System.Threading.Timer"/> (behind <see cref="TimeProvider.System"/>)
    /// counts periods in whole milliseconds, and a period that rounds to 0 fires once and never again; very high limits
    /// therefore add several tokens per tick instead of ticking faster.
    /// </summary>
    public static readonly TimeSpan MinimumTick = TimeSpan.FromMilliseconds(10);

    public AccountRateLimiter(int limitPerMinute, TimeProvider time, int queueLimit = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limitPerMinute, 2);
        _time = time;
        LimitPerMinute = limitPerMinute;
        BurstSize = Math.Max(1, limitPerMinute / 40);
        (TokensPerTick, ReplenishmentPeriod) = Tick(limitPerMinute - BurstSize);
        RefillsPerMinute = (int)(TokensPerTick * (TimeSpan.FromMinutes(1) / ReplenishmentPeriod));
        _bucket = new TokenBucket(BurstSize, queueLimit);
        _timer = time.CreateTimer(static state => ((AccountRateLimiter)state!)._bucket.Replenish(((AccountRateLimiter)state!).TokensPerTick), this, ReplenishmentPeriod, ReplenishmentPeriod);
    }

    /// <summary>
    /// Chooses k tokens every p whole milliseconds (the timer truncates anything finer, which would refill faster than
    /// planned) with k·(60,000 + p) ≤ (L − B)·p: then B + k·60,000/p + k ≤ L, the one tick of headroom included. Of
    /// those, the fastest refill; p from <see cref="MinimumTick"/> up to a minute.
    /// </summary>
    private static (int Tokens, TimeSpan Period) Tick(int spendable)
    {
        const long minute = 60_000;
        var best = (Tokens: 1, Milliseconds: minute);
        for (var p = (long)MinimumTick.TotalMilliseconds; p < minute; p++)
        {
            var k = spendable * p / (minute + p);
            if (k >= 1 && k * best.Milliseconds > best.Tokens * p)
            {
                best = ((int)k, p);
            }
        }

        return (best.Tokens, TimeSpan.FromMilliseconds(best.Milliseconds));
    }

    public int LimitPerMinute { get; }

    /// <summary>Requests that may go out back to back after a quiet spell.</summary>
    public int BurstSize { get; }

    /// <summary>Tokens added per minute once the burst is spent (the sustained rate, rounded down).</summary>
    public int RefillsPerMinute { get; }

    /// <summary>Tokens added at each tick (1 up to about 6,000/min; more for higher limits, see <see cref="MinimumTick"/>).</summary>
    public int TokensPerTick { get; }

    public TimeSpan ReplenishmentPeriod { get; }

    /// <summary>Permits available right now (for diagnostics and tests).</summary>
    public long AvailablePermits => _bucket.GetStatistics()?.CurrentAvailablePermits ?? 0;

    /// <summary>Callers waiting for a permit.</summary>
    public long QueuedCount => _bucket.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Waits for a permit to send one request. Cancelled by <paramref name="cancellationToken"/> (the call's budget).</summary>
    /// <exception cref="OntraportException">The wait queue is full.</exception>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        TimeSpan blocked;
        lock (_gate)
        {
            blocked = _blockedUntil - _time.GetUtcNow();
        }

        if (blocked > TimeSpan.Zero)
        {
            await Task.Delay(blocked, _time, cancellationToken);
        }

        using var lease = await _bucket.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new OntraportException(OntraportErrorKind.RateLimited,
                $"Too many calls are waiting for this account's Ontraport rate limit ({LimitPerMinute}/min). Retry in a minute.",
                retryAfter: TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>This limiter queues every caller: the deadline is enforced by the cancellation token alone.</summary>
    ValueTask IAccountRateLimiter.AcquireAsync(DateTimeOffset deadline, CancellationToken cancellationToken) => AcquireAsync(cancellationToken);

    ValueTask IAccountRateLimiter.ObserveAsync(int? remaining, TimeSpan? reset)
    {
        Observe(remaining, reset);
        return ValueTask.CompletedTask;
    }

    /// <summary>Time until the upstream said the account's window frees up, if it said so.</summary>
    public TimeSpan? BlockedFor
    {
        get
        {
            lock (_gate)
            {
                var left = _blockedUntil - _time.GetUtcNow();
                return left > TimeSpan.Zero ? left : null;
            }
        }
    }

    /// <summary>
    /// Re-syncs with what Ontraport reported: if it has fewer requests left than the bucket holds, the difference is
    /// drained; if it has none left (or answered 429), nothing is sent until its reset time.
    /// </summary>
    public void Observe(int? remaining, TimeSpan? reset)
    {
        if (remaining is not { } left)
        {
            return;
        }

        if (left <= 0)
        {
            if (reset is { } wait && wait > TimeSpan.Zero)
            {
                lock (_gate)
                {
                    var until = _time.GetUtcNow() + wait;
                    if (until > _blockedUntil)
                    {
                        _blockedUntil = until;
                    }
                }
            }

            left = 0;
        }

        var excess = AvailablePermits - left;
        if (excess > 0)
        {
            _bucket.Drain((int)excess);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        await _bucket.DisposeAsync();
    }
}
