namespace Ontraport.Client.RateLimiting;

/// <summary>
/// Where several server instances keep each account's bucket, so that together they stay under the account's limit in
/// ANY 60 s window (DESIGN §8). Each operation runs the <see cref="ReservationBucket"/> arithmetic on the stored bucket
/// atomically (one step, no other caller in between); a bucket the store has never seen (or has lost) starts empty, so
/// rejoining never adds a burst above the limit. The client keeps the rest: waiting for slots, the local share while the
/// store is unreachable, and charging the local admissions of the last minute when it answers again. The host supplies an
/// implementation (Redis); the client references no store.
/// <para>
/// Time: the caller passes "now" from its <see cref="TimeProvider"/> (tests drive one fake clock for every instance).
/// This assumes the instances' clocks agree to within about three quarters of a second (NTP): a clock d seconds ahead can
/// pull forward at most d·rate tokens once, which the headroom of <see cref="BucketShape.ForLimit"/> covers for d ≤ 0.75 s
/// (the other quarter second is the lease's, see <see cref="AccountRateLimiter"/>); a clock behind only makes its instance
/// wait longer.
/// </para>
/// </summary>
public interface IRateLimitStore
{
    /// <summary>What the store is, for the operator's log ("Redis").</summary>
    string Name { get; }

    /// <summary>False while the store is known to be unreachable: the limiter goes straight to its local share.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Charges <paramref name="debt"/> tokens (local admissions made while the store was unreachable), then reserves a slot
    /// if it comes within <paramref name="maxWait"/>; granted at once, it also takes up to <paramref name="lease"/> more
    /// tokens while the bucket stays at least half full (<see cref="ReservationBucket.Reserve(DateTimeOffset, TimeSpan, int)"/>),
    /// which the caller spends without asking again (<see cref="StoredBucketAnswer.Leased"/>).
    /// </summary>
    /// <exception cref="RateLimitStoreException">The store could not be reached.</exception>
    ValueTask<StoredBucketAnswer> ReserveAsync(string bucket, BucketShape shape, DateTimeOffset now, TimeSpan maxWait, int debt, int lease = 0);

    /// <summary>Takes <paramref name="count"/> tokens without a slot (requests the account paid for that went out on another bucket).</summary>
    /// <exception cref="RateLimitStoreException">The store could not be reached.</exception>
    ValueTask<StoredBucketAnswer> ChargeAsync(string bucket, BucketShape shape, DateTimeOffset now, int count);

    /// <summary>Gives back the token of a reservation whose <paramref name="slot"/> has not come (its caller left).</summary>
    /// <exception cref="RateLimitStoreException">The store could not be reached.</exception>
    ValueTask<StoredBucketAnswer> ReleaseAsync(string bucket, BucketShape shape, DateTimeOffset now, DateTimeOffset slot);

    /// <summary>Re-syncs with <c>X-Rate-Limit-Remaining</c>; with none left, nothing refills for <paramref name="blockedFor"/>.</summary>
    /// <exception cref="RateLimitStoreException">The store could not be reached.</exception>
    ValueTask<StoredBucketAnswer> ObserveAsync(string bucket, BucketShape shape, DateTimeOffset now, int remaining, TimeSpan blockedFor);
}

/// <summary>
/// What a store operation left: whether a reservation was granted, the wait until its slot (or, refused, until the slot it
/// would have had), the bucket's tail (when its next token is free), which bounds how far ahead slots were handed out, and
/// how many tokens a reservation leased beyond its own (0 unless asked for and the bucket held plenty).
/// </summary>
public readonly record struct StoredBucketAnswer(bool Granted, TimeSpan Wait, DateTimeOffset Tail, int Leased = 0);

/// <summary>The shared store could not be reached or answered nonsense: the limiter falls back to its local share.</summary>
public sealed class RateLimitStoreException(string message, Exception? innerException = null) : Exception(message, innerException);
