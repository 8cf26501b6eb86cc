namespace Ontraport.Sandbox.RateLimit;

/// <summary>
/// At most <c>limit</c> requests in any rolling window (180 per 60 s per account, ontraport-api.md §1.6).
/// Not thread-safe on its own: the account calls it under its lock.
/// </summary>
internal sealed class RollingWindowRateLimiter
{
    private readonly Queue<DateTimeOffset> _accepted = new();
    private readonly int _limit;
    private readonly TimeSpan _window;

    public RollingWindowRateLimiter(int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _limit = limit;
        _window = window;
    }

    /// <summary>Counts the request when the window has room; refused requests do not count.</summary>
    public RateLimitDecision TryAcquire(DateTimeOffset now)
    {
        while (_accepted.Count > 0 && _accepted.Peek() + _window <= now)
        {
            _accepted.Dequeue();
        }

        if (_accepted.Count >= _limit)
        {
            return new RateLimitDecision(false, _limit, 0, SecondsUntilSlotFrees(now));
        }

        _accepted.Enqueue(now);
        return new RateLimitDecision(true, _limit, _limit - _accepted.Count, SecondsUntilSlotFrees(now));
    }

    /// <summary>Whole seconds (rounded up) until the oldest counted request leaves the window.</summary>
    private int SecondsUntilSlotFrees(DateTimeOffset now)
    {
        if (_accepted.Count == 0)
        {
            return 0;
        }

        var wait = _accepted.Peek() + _window - now;
        return (int)Math.Max(0, Math.Ceiling(wait.TotalSeconds));
    }
}

/// <summary>The outcome of one rate-limit check and the values of the <c>X-Rate-Limit-*</c> headers.</summary>
internal readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, int ResetSeconds);
