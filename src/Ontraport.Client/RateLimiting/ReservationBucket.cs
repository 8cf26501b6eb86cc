namespace Ontraport.Client.RateLimiting;

/// <summary>
/// THE rate-limit algorithm of this client (DESIGN §3.2): a token bucket that hands out reservations. A caller takes a
/// token now even when the bucket is empty (tokens go negative) and is told when its slot comes, so callers are served
/// strictly in the order they asked, one atomic step decides, and a slot that would come after the caller's deadline is
/// refused at once instead of being waited for. An account's bucket on one instance is this class; several instances run
/// the same arithmetic in their shared store (<see cref="IRateLimitStore"/>; the Redis store's script is its twin and
/// must stay the same). Our own: the framework's <c>TokenBucketRateLimiter</c> refills on a Stopwatch that a
/// <see cref="TimeProvider"/> cannot drive, and hands out no slots.
/// <para>
/// State: tokens <c>t</c> as of time <c>s</c>; <c>s</c> may lie in the future after the upstream said its window is
/// spent (nothing refills before then, and the first token comes at the reset). Refill at <c>now &gt; s</c>: <c>t = min(capacity, t + (now − s)·rate)</c>. A
/// reservation takes one token; its slot is <c>s + max(0, −t)/rate</c> after taking it. Slots never come faster than
/// the bucket refills, so any 60 s window holds at most capacity + 60·rate of them. A reservation given back before its
/// slot (<see cref="Release"/>) returns its token, capped at the capacity: the later slots then hold one token more
/// than they use, which a bucket of capacity ≥ 1 allows, so the bound stands.
/// </para>
/// </summary>
public sealed class ReservationBucket
{
    private readonly object _gate = new();
    private readonly BucketShape _shape;
    private double _tokens;
    private DateTimeOffset _at;

    /// <summary>
    /// Starts at <paramref name="start"/> with <paramref name="tokens"/> tokens: full for the bucket of one instance, empty
    /// for a local share taking over from a shared bucket (nothing can be sent before its first token has refilled).
    /// </summary>
    public ReservationBucket(BucketShape shape, DateTimeOffset start, double tokens = 0)
    {
        _shape = shape;
        _at = start;
        _tokens = Math.Min(tokens, shape.Capacity);
    }

    public BucketShape Shape => _shape;

    /// <summary>
    /// Takes a token if its slot comes within <paramref name="maxWait"/>; returns whether it did and the wait until the
    /// slot (rounded up to the millisecond, never early).
    /// </summary>
    public (bool Granted, TimeSpan Wait) Reserve(DateTimeOffset now, TimeSpan maxWait)
    {
        var (granted, wait, _) = Reserve(now, maxWait, lease: 0);
        return (granted, wait);
    }

    /// <summary>
    /// <see cref="Reserve(DateTimeOffset, TimeSpan)"/>, and with the reservation granted, takes up to
    /// <paramref name="lease"/> more tokens for the caller to spend without asking again (a lease, see
    /// <see cref="AccountRateLimiter"/>): only as many as leave the bucket at least half full, so a lease is taken only
    /// from plenty, its tokens' slots are all now, and another caller always finds half the capacity.
    /// </summary>
    public (bool Granted, TimeSpan Wait, int Leased) Reserve(DateTimeOffset now, TimeSpan maxWait, int lease)
    {
        lock (_gate)
        {
            Refill(now);
            var after = _tokens - 1;
            var slot = after < 0 ? _at + Milliseconds(-after / _shape.TokensPerMillisecond) : _at;
            var wait = slot - now;
            if (wait > maxWait)
            {
                return (false, wait, 0);
            }

            _tokens = after;
            var leased = (int)Math.Min(lease, Math.Floor(_tokens - _shape.Capacity / 2));
            if (leased > 0 && wait <= TimeSpan.Zero)
            {
                _tokens -= leased;
                return (true, wait, leased);
            }

            return (true, wait, 0);
        }
    }

    /// <summary>Takes <paramref name="count"/> tokens without a slot: requests that went out on another bucket but that this one must pay for.</summary>
    public void Charge(DateTimeOffset now, int count)
    {
        lock (_gate)
        {
            Refill(now);
            _tokens -= count;
        }
    }

    /// <summary>Gives back the token of a reservation whose slot at <paramref name="slot"/> has not come (its caller left).</summary>
    public void Release(DateTimeOffset now, DateTimeOffset slot)
    {
        lock (_gate)
        {
            Refill(now);
            if (slot > now)
            {
                _tokens = Math.Min(_shape.Capacity, _tokens + 1);
            }
        }
    }

    /// <summary>Re-syncs with what the upstream reported, as the shared store's <c>observe</c> does.</summary>
    public void Observe(DateTimeOffset now, int remaining, TimeSpan? reset)
    {
        lock (_gate)
        {
            Refill(now);
            if (remaining <= 0)
            {
                _tokens = Math.Min(_tokens, 0);

                // Nothing refills before the reset, and the first token comes at it (its slot is one token's refill later).
                if (reset is { } wait && now + wait - TokenTime > _at)
                {
                    _at = now + wait - TokenTime;
                }
            }
            else
            {
                _tokens = Math.Min(_tokens, remaining);
            }
        }
    }

    /// <summary>Full and not held back at <paramref name="now"/>: indistinguishable from a new bucket, so it may be dropped.</summary>
    public bool IsFull(DateTimeOffset now)
    {
        lock (_gate)
        {
            Refill(now);
            return _at <= now && _tokens >= _shape.Capacity;
        }
    }

    /// <summary>Tokens available at <paramref name="now"/> (negative while reservations wait; for diagnostics and tests).</summary>
    public double Tokens(DateTimeOffset now)
    {
        lock (_gate)
        {
            Refill(now);
            return _tokens;
        }
    }

    /// <summary>The time one token takes to refill, in whole milliseconds rounded up (as slots are).</summary>
    private TimeSpan TokenTime => Milliseconds(1 / _shape.TokensPerMillisecond);

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
