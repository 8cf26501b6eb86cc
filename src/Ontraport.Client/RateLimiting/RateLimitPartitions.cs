using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ontraport.Client.Http;

namespace Ontraport.Client.RateLimiting;

/// <summary>
/// Which bucket each request spends (DESIGN §3.2, §10): credentials Ontraport has accepted (<see cref="Accepted"/>) spend
/// their account's bucket, one per App ID, shared by every session and request of that account (and by every instance
/// when a <see cref="IRateLimitStore"/> is given); credentials not yet accepted spend a small bucket of their own per App
/// ID and key (<see cref="BucketShape.Unverified"/>, in this process), never the account's, so a caller holding a
/// tenant's App ID with a wrong key slows nothing but itself. Their first 2xx makes them the account's, and charges that
/// request to the account's bucket. Buckets that hold nothing a new one would not are dropped: accounts idle for
/// <see cref="IdleEviction"/>, unverified ones as soon as they are full again, so a passthrough server serving many
/// tenants, or flooded with made-up keys, does not grow without bound.
/// </summary>
public sealed class RateLimitPartitions
{
    private readonly ConcurrentDictionary<string, AccountRateLimiter> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string AppId, string Fingerprint), AccountRateLimiter> _unverified = new();
    private readonly IRateLimitStore? _store;
    private readonly int _assumedInstances;
    private readonly ILogger _logger;
    private readonly LogThrottle _outageLog;
    private long _queued;
    private long _lastSweep;

    /// <param name="limitPerMinute">The account limit (the same on every instance).</param>
    /// <param name="maxWait">The furthest ahead a slot is reserved (the call budget): a caller whose slot would come later is refused at once.</param>
    /// <param name="time">The clock of every bucket and wait.</param>
    /// <param name="store">The store several instances share, or null for buckets of this process alone.</param>
    /// <param name="assumedInstances">How many instances share the store, for the local share while it is unreachable.</param>
    /// <param name="logger">Where fallback and rejoin are reported (once a minute at most).</param>
    public RateLimitPartitions(int limitPerMinute, TimeSpan maxWait, TimeProvider time, IRateLimitStore? store = null, int assumedInstances = 1, ILogger? logger = null)
    {
        LimitPerMinute = limitPerMinute;
        MaxWait = maxWait;
        Time = time;
        _store = store;
        _assumedInstances = assumedInstances;
        _logger = logger ?? NullLogger.Instance;
        _outageLog = new LogThrottle(time, TimeSpan.FromMinutes(1));
        Shape = BucketShape.ForLimit(limitPerMinute);
        UnverifiedShape = BucketShape.Unverified(limitPerMinute);
        Accepted = new AcceptedCredentials(time);
        _lastSweep = time.GetUtcNow().UtcTicks;
    }

    /// <summary>How long an account's bucket stays after its last use.</summary>
    public static TimeSpan IdleEviction { get; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle buckets are looked for.</summary>
    public static TimeSpan SweepInterval { get; } = TimeSpan.FromSeconds(10);

    public int LimitPerMinute { get; }

    /// <summary>The furthest ahead a slot is reserved.</summary>
    public TimeSpan MaxWait { get; }

    public TimeProvider Time { get; }

    /// <summary>Each account's bucket.</summary>
    public BucketShape Shape { get; }

    /// <summary>The bucket of credentials not yet accepted.</summary>
    public BucketShape UnverifiedShape { get; }

    /// <summary>An account's bucket on this instance while the store is unreachable.</summary>
    public BucketShape LocalShareShape => LocalShape(Shape);

    /// <summary>Whether the account buckets live in a store several instances share.</summary>
    public bool Shared => _store is not null;

    /// <summary>The credentials Ontraport has accepted lately.</summary>
    public AcceptedCredentials Accepted { get; }

    /// <summary>Callers waiting for their reserved slot, over all buckets (diagnostics and tests).</summary>
    public long QueuedCount => Interlocked.Read(ref _queued);

    /// <summary>Buckets in this process (with a store, an account's lives there; here only its fallback state).</summary>
    public int Count => _accounts.Count + _unverified.Count;

    /// <summary>Whether some account is running on its local share right now (the store was unreachable at its last call).</summary>
    public bool UsingLocalShare => _accounts.Values.Any(a => a.UsingLocalShare);

    /// <summary>The bucket requests with <paramref name="credentials"/> spend now.</summary>
    public RateLimitPartition For(OntraportCredentials credentials)
    {
        var now = Time.GetUtcNow();
        Sweep(now);
        if (Accepted.Contains(credentials))
        {
            return new RateLimitPartition(this, credentials, Account(credentials.AppId), accepted: true);
        }

        var bucket = _unverified.GetOrAdd((credentials.AppId, credentials.Fingerprint), _ => new AccountRateLimiter(this, credentials.AppId, UnverifiedShape, store: null,
            $"The rate limit of credentials Ontraport has not accepted yet ({UnverifiedShape.Capacity:0} at once, {UnverifiedShape.TokensPerMinute:0.#}/min)"));
        bucket.LastUsed = now;
        return new RateLimitPartition(this, credentials, bucket, accepted: false);
    }

    /// <summary>The account's bucket (by App ID).</summary>
    public AccountRateLimiter Account(string appId)
    {
        var bucket = _accounts.GetOrAdd(appId, id => new AccountRateLimiter(this, id, Shape, _store, $"This account's Ontraport rate limit ({LimitPerMinute}/min)"));
        bucket.LastUsed = Time.GetUtcNow();
        return bucket;
    }

    internal BucketShape LocalShape(BucketShape shape) => shape.LocalShare(_assumedInstances);

    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (now.UtcTicks - last < SweepInterval.Ticks || Interlocked.CompareExchange(ref _lastSweep, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (key, bucket) in _accounts)
        {
            if (now - bucket.LastUsed > IdleEviction && bucket.Forgettable(now))
            {
                _accounts.TryRemove(new KeyValuePair<string, AccountRateLimiter>(key, bucket));
            }
        }

        foreach (var (key, bucket) in _unverified)
        {
            if (now > bucket.LastUsed && bucket.Forgettable(now))
            {
                _unverified.TryRemove(new KeyValuePair<(string, string), AccountRateLimiter>(key, bucket));
            }
        }
    }

    internal void Queued() => Interlocked.Increment(ref _queued);

    internal void Dequeued() => Interlocked.Decrement(ref _queued);

    internal void ReportFallback(Exception? cause)
    {
        if (_outageLog.ShouldLog())
        {
            var local = LocalShareShape;
            _logger.LogWarning("{Store:l} is unreachable ({Reason}): the Ontraport rate limit runs on this instance's local share ({Local:0.#}/min of {Limit}/min) until it answers again",
                _store?.Name, cause?.InnerException?.GetType().Name ?? "not connected", local.TokensPerMinute + local.Capacity, LimitPerMinute);
        }
    }

    internal void ReportRejoined(int charged) =>
        _logger.LogInformation("{Store:l} answers again: the shared Ontraport rate limit applies again ({Charged} local admissions of the last minute charged to it)", _store?.Name, charged);
}

/// <summary>
/// The bucket one request spends, chosen by <see cref="RateLimitPartitions.For"/> from its credentials, and what the
/// answer teaches: a 2xx accepts the credentials (and charges the account for a request that went out on the unverified
/// bucket), a 401 forgets them, and the rate-limit headers re-sync the bucket they describe.
/// </summary>
public sealed class RateLimitPartition
{
    private readonly RateLimitPartitions _owner;
    private readonly OntraportCredentials _credentials;

    internal RateLimitPartition(RateLimitPartitions owner, OntraportCredentials credentials, AccountRateLimiter bucket, bool accepted)
    {
        _owner = owner;
        _credentials = credentials;
        Bucket = bucket;
        Accepted = accepted;
    }

    public AccountRateLimiter Bucket { get; }

    /// <summary>Whether the credentials were accepted (the account's bucket) when the partition was chosen.</summary>
    public bool Accepted { get; }

    public int LimitPerMinute => Bucket.LimitPerMinute;

    public TimeSpan? BlockedFor => Bucket.BlockedFor;

    public ValueTask AcquireAsync(DateTimeOffset deadline, IProgress<CallProgress>? progress, CancellationToken cancellationToken) =>
        Bucket.AcquireAsync(deadline, progress, cancellationToken);

    /// <summary>Learns from an answer of Ontraport (<paramref name="remaining"/> 0 and a reset after a 429).</summary>
    public async ValueTask AnsweredAsync(int status, int? remaining, TimeSpan? reset)
    {
        if (status is >= 200 and <= 299)
        {
            _owner.Accepted.Accept(_credentials);
            var account = Accepted ? Bucket : _owner.Account(_credentials.AppId);
            if (!Accepted)
            {
                await account.ChargeAsync(); // the account spent it at Ontraport
            }

            await account.ObserveAsync(remaining, reset);
            return;
        }

        if (status == 401)
        {
            _owner.Accepted.Forget(_credentials); // a refusal tells nothing of the account's window
            return;
        }

        await Bucket.ObserveAsync(remaining, reset);
    }
}
