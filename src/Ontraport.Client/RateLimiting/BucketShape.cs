namespace Ontraport.Client.RateLimiting;

/// <summary>
/// The size of a reservation bucket: <see cref="Capacity"/> tokens at most, refilled continuously at
/// <see cref="TokensPerMinute"/>. Such a bucket admits at most Capacity + TokensPerMinute requests in any 60-second
/// window, whatever the arrival pattern.
/// </summary>
public sealed record BucketShape(int LimitPerMinute, double Capacity, double TokensPerMinute)
{
    /// <summary>
    /// An account's bucket for a limit of L per minute, on one instance or shared by several: capacity B = max(1, L/40)
    /// keeps bursts small, and a refill of L − B − h per minute makes B + refill = L − h. The h = ceil(L/60) tokens of
    /// headroom (one second's worth) absorb rounding, arrival jitter against Ontraport's own window, a leased token spent
    /// up to <see cref="AccountRateLimiter.LeaseLife"/> (a quarter second) after it was taken, and a clock skew of up to
    /// three quarters of a second between instances (see <see cref="IRateLimitStore"/>). 180/min: at most 177 in any
    /// window (177.7 with the lease's quarter second), 173/min sustained (96 %).
    /// </summary>
    public static BucketShape ForLimit(int limitPerMinute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limitPerMinute, 2);
        var capacity = Math.Max(1, limitPerMinute / 40);
        var headroom = (int)Math.Ceiling(limitPerMinute / 60.0);
        var refill = limitPerMinute - capacity - headroom;
        return new BucketShape(limitPerMinute, capacity, refill >= 1 ? refill : limitPerMinute - capacity);
    }

    /// <summary>
    /// The bucket of credentials Ontraport has not accepted yet (DESIGN §10), one per App ID and key: a burst of 3 (min L)
    /// lets a new key's first call through at once (its metadata read and two parallel reads; the first 2xx makes it the
    /// account's), and a refill of L/30 per minute, at most 6 (one every 10 s at 180/min), lets a person retype a wrong key
    /// while a flood of wrong keys costs Ontraport a trickle and the account nothing.
    /// </summary>
    public static BucketShape Unverified(int limitPerMinute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limitPerMinute, 2);
        return new BucketShape(limitPerMinute, Math.Min(3, limitPerMinute), Math.Min(6, limitPerMinute / 30.0));
    }

    /// <summary>
    /// THE LOCAL SHARE (the one place it is chosen): while the shared store is unreachable each instance keeps a bucket of
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

    /// <summary>How long an empty bucket takes to fill up again.</summary>
    public TimeSpan RefillTime => TimeSpan.FromMilliseconds(Math.Ceiling(Capacity / TokensPerMillisecond));
}
