namespace Ontraport.Client.RateLimiting;

/// <summary>
/// The size of a reservation bucket: <see cref="Capacity"/> tokens at most, refilled continuously at
/// <see cref="TokensPerMinute"/>. Such a bucket admits at most Capacity + TokensPerMinute requests in any 60-second
/// window, whatever the arrival pattern.
/// </summary>
public sealed record BucketShape(int LimitPerMinute, double Capacity, double TokensPerMinute)
{
    /// <summary>
    /// The bucket all instances share for a limit of L per minute: capacity B = max(1, L/40) as in
    /// <see cref="AccountRateLimiter"/>, and a refill of L − B − h per minute, so that B + refill = L − h. The h =
    /// ceil(L/60) tokens of headroom (one second's worth) absorb rounding and a clock skew of up to a second between
    /// instances (see <see cref="SharedRateLimitPartitions"/>). 180/min: at most 177 in any window, 173/min sustained.
    /// </summary>
    public static BucketShape Shared(int limitPerMinute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limitPerMinute, 2);
        var capacity = Math.Max(1, limitPerMinute / 40);
        var headroom = (int)Math.Ceiling(limitPerMinute / 60.0);
        var refill = limitPerMinute - capacity - headroom;
        return new BucketShape(limitPerMinute, capacity, refill >= 1 ? refill : limitPerMinute - capacity);
    }

    /// <summary>
    /// THE LOCAL SHARE (the one place it is chosen): while Redis is unreachable each instance keeps a bucket of
    /// 1/<paramref name="assumedInstances"/> of the shared one, capacity and refill alike, so that as many instances
    /// together stay within the shared bucket's bound. With more instances than assumed the total can exceed the limit,
    /// and Ontraport's <c>X-Rate-Limit-*</c> headers and 429s re-sync each instance.
    /// </summary>
    public BucketShape LocalShare(int assumedInstances)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(assumedInstances, 1);
        return this with { Capacity = Capacity / assumedInstances, TokensPerMinute = TokensPerMinute / assumedInstances };
    }

    public double TokensPerMillisecond => TokensPerMinute / 60_000.0;
}

/// <summary>
/// A token bucket that hands out reservations: a caller takes a token now even when the bucket is empty (tokens go
/// negative) and is told when its slot comes, so callers are served strictly in the order they asked, and one atomic step
/// decides. This is the arithmetic of the shared bucket's Lua script (<see cref="SharedRateLimitPartitions"/>), kept in
/// C# for the local share an instance uses while Redis is unreachable; the two must stay the same.
/// <para>
/// State: tokens <c>t</c> as of time <c>s</c>; <c>s</c> may lie in the future after the upstream said its window is
/// spent (nothing refills before then). Refill at <c>now &gt; s</c>: <c>t = min(capacity, t + (now − s)·rate)</c>. A
/// reservation takes one token; its slot is <c>s + max(0, −t)/rate</c> after taking it. Slots never come faster than
/// the bucket refills, so any 60 s window holds at most capacity + 60·rate of them.
/// </para>
/// </summary>
public sealed class ReservationBucket
{
    private readonly object _gate = new();
    private readonly BucketShape _shape;
    private double _tokens;
    private DateTimeOffset _at;

    /// <summary>Starts empty at <paramref name="start"/>: nothing can be sent before the first token has refilled.</summary>
    public ReservationBucket(BucketShape shape, DateTimeOffset start)
    {
        _shape = shape;
        _at = start;
    }

    /// <summary>
    /// Takes a token if its slot comes within <paramref name="maxWait"/>; returns whether it did and the wait until the
    /// slot (rounded up to the millisecond, never early).
    /// </summary>
    public (bool Granted, TimeSpan Wait) Reserve(DateTimeOffset now, TimeSpan maxWait)
    {
        lock (_gate)
        {
            Refill(now);
            var after = _tokens - 1;
            var slot = after < 0 ? _at + Milliseconds(-after / _shape.TokensPerMillisecond) : _at;
            var wait = slot - now;
            if (wait > maxWait)
            {
                return (false, wait);
            }

            _tokens = after;
            return (true, wait);
        }
    }

    /// <summary>Re-syncs with what the upstream reported, as the shared script's <c>observe</c> does.</summary>
    public void Observe(DateTimeOffset now, int remaining, TimeSpan? reset)
    {
        lock (_gate)
        {
            Refill(now);
            if (remaining <= 0)
            {
                _tokens = Math.Min(_tokens, 0);
                if (reset is { } wait && now + wait > _at)
                {
                    _at = now + wait;
                }
            }
            else
            {
                _tokens = Math.Min(_tokens, remaining);
            }
        }
    }

    private void Refill(DateTimeOffset now)
    {
        if (now > _at)
        {
            _tokens = Math.Min(_shape.Capacity, _tokens + (now - _at).TotalMilliseconds * _shape.TokensPerMillisecond);
            _at = now;
        }
    }

    /// <summary>Whole milliseconds, rounded up: a slot is never taken early.</summary>
    private static TimeSpan Milliseconds(double value) => TimeSpan.FromMilliseconds(Math.Ceiling(value));
}
