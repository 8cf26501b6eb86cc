using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Ontraport.Client.RateLimiting;

/// <summary>
/// One token bucket per Ontraport account shared by every server instance, kept in Redis and changed only by one Lua
/// script (atomic: Redis runs a script alone), so the instances together stay under the account's limit in ANY 60 s
/// window. The bucket hands out reservations (<see cref="ReservationBucket"/> has the arithmetic and its proof): each
/// caller takes its slot in one round trip and waits for it on the <see cref="TimeProvider"/>, so callers of all
/// instances are served in the order they asked Redis, and a slot that would fall after the call's deadline is refused at
/// once instead of being waited for. Upstream <c>X-Rate-Limit-*</c> headers re-sync the shared bucket as they do the local
/// one. RedisRateLimiting was not used: it offers no way to drain a bucket to what the upstream reports, nor to block it
/// until a reset, nor to pass the time in, and its waiters poll.
/// <para>
/// Time: the caller passes "now" from its <see cref="TimeProvider"/> into the script (tests drive one fake clock for
/// every instance). This assumes the instances' clocks agree to within about a second (NTP): a clock d seconds ahead can
/// pull forward at most d·rate tokens once, which the headroom of <see cref="BucketShape.Shared"/> covers for d ≤ 1 s; a
/// clock behind only makes its instance wait longer.
/// </para>
/// <para>
/// While Redis is unreachable each instance falls back to its local share (<see cref="BucketShape.LocalShare"/>), which
/// starts empty and does not refill before every reservation Redis may have handed out has been used: no reservation
/// lies further ahead than <see cref="MaxWait"/>, so the local share starts refilling <see cref="MaxWait"/> after the
/// outage was noticed (or after the last slot this instance saw, if later). For that first stretch of an outage the
/// instance sends only what it had already reserved; then reads go on at the local share. When Redis answers again, the local admissions of the last minute
/// (and those still waiting) are charged to the shared bucket in the same script call, and a bucket Redis has lost
/// starts empty: rejoining never adds a burst above the limit. Both changes are logged, at most once a minute each.
/// </para>
/// </summary>
public sealed class SharedRateLimitPartitions : IRateLimitPartitions
{
    /// <summary>KEYS[1]: the bucket hash {t, s}. ARGV: op, now ms, capacity, tokens per ms, then reserve: max wait ms, debt;
    /// observe: remaining, reset ms. Returns {granted, wait ms, tail ms} (tail: when the next token is free).</summary>
    internal const string Script = """
        local now = tonumber(ARGV[2])
        local cap = tonumber(ARGV[3])
        local rate = tonumber(ARGV[4])
        local state = redis.call('HMGET', KEYS[1], 't', 's')
        local t = tonumber(state[1])
        local s = tonumber(state[2])
        if t == nil or s == nil then
          t = 0
          s = now
        end
        if now > s then
          t = math.min(cap, t + (now - s) * rate)
          s = now
        end
        local granted = 0
        local wait = 0
        if ARGV[1] == 'reserve' then
          t = t - tonumber(ARGV[6])
          local after = t - 1
          local slot = s
          if after < 0 then
            slot = s + (-after) / rate
          end
          wait = slot - now
          if wait <= tonumber(ARGV[5]) then
            t = after
            granted = 1
          end
        else
          local remaining = tonumber(ARGV[5])
          if remaining <= 0 then
            if t > 0 then
              t = 0
            end
            local blocked = now + tonumber(ARGV[6])
            if blocked > s then
              s = blocked
            end
          elseif t > remaining then
            t = remaining
          end
        end
        local tail = s
        if t < 0 then
          tail = s + (-t) / rate
        end
        redis.call('HSET', KEYS[1], 't', string.format('%.17g', t), 's', string.format('%.17g', s))
        redis.call('PEXPIRE', KEYS[1], math.ceil(tail - now) + 120000)
        return {granted, string.format('%d', math.ceil(wait)), string.format('%d', math.ceil(tail))}
        """;

    private readonly ConcurrentDictionary<string, SharedAccountRateLimiter> _partitions = new(StringComparer.Ordinal);
    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LogThrottle _outageLog;
    private readonly string _keyPrefix;
    private long _queued;

    /// <param name="redis">The one shared connection of the host.</param>
    /// <param name="limitPerMinute">The account limit, the same on every instance.</param>
    /// <param name="assumedInstances">How many instances share the limit, for the local share while Redis is unreachable.</param>
    /// <param name="maxWait">The furthest ahead a slot is reserved (the call budget): a caller whose slot would come later is refused at once.</param>
    /// <param name="time">The clock whose "now" goes into the script.</param>
    /// <param name="logger">Where fallback and rejoin are reported (once a minute at most).</param>
    /// <param name="keyPrefix">Prefix of the Redis keys, one bucket per account under it.</param>
    public SharedRateLimitPartitions(IConnectionMultiplexer redis, int limitPerMinute, int assumedInstances, TimeSpan maxWait, TimeProvider time, ILogger logger,
        string keyPrefix = "ontraport-mcp:rate:")
    {
        _redis = redis;
        _time = time;
        _logger = logger;
        _keyPrefix = keyPrefix;
        LimitPerMinute = limitPerMinute;
        MaxWait = maxWait;
        Shape = BucketShape.Shared(limitPerMinute);
        LocalShape = Shape.LocalShare(assumedInstances);
        _outageLog = new LogThrottle(time, TimeSpan.FromMinutes(1));
    }

    public int LimitPerMinute { get; }

    /// <summary>The furthest ahead a slot is reserved.</summary>
    public TimeSpan MaxWait { get; }

    /// <summary>Callers waiting for their reserved slot, over all accounts (diagnostics and tests).</summary>
    public long QueuedCount => Interlocked.Read(ref _queued);

    /// <summary>The bucket every instance shares.</summary>
    public BucketShape Shape { get; }

    /// <summary>This instance's bucket while Redis is unreachable.</summary>
    public BucketShape LocalShape { get; }

    /// <summary>Whether some account is running on its local share right now (Redis was unreachable at its last call).</summary>
    public bool UsingLocalShare => _partitions.Values.Any(p => p.UsingLocalShare);

    public IAccountRateLimiter For(string appId)
    {
        var now = _time.GetUtcNow();
        var limiter = _partitions.GetOrAdd(appId, id => new SharedAccountRateLimiter(this, _keyPrefix + id));
        limiter.LastUsed = now;
        EvictIdle(now, appId);
        return limiter;
    }

    /// <summary>Accounts in this process (their buckets live in Redis; here only the fallback state).</summary>
    public int Count => _partitions.Count;

    /// <summary>
    /// Drops accounts idle for <see cref="RateLimitPartitions.IdleEviction"/> that hold no local admissions to charge
    /// on rejoining, so a passthrough server serving many tenants does not grow without bound.
    /// </summary>
    private void EvictIdle(DateTimeOffset now, string keep)
    {
        foreach (var (key, limiter) in _partitions)
        {
            if (key != keep && now - limiter.LastUsed > RateLimitPartitions.IdleEviction && limiter.Idle(now))
            {
                _partitions.TryRemove(new KeyValuePair<string, SharedAccountRateLimiter>(key, limiter));
            }
        }
    }

    internal IConnectionMultiplexer Redis => _redis;

    internal TimeProvider Time => _time;

    internal void ReportFallback(Exception? cause)
    {
        if (_outageLog.ShouldLog())
        {
            _logger.LogWarning("Redis is unreachable ({Reason}): the Ontraport rate limit runs on this instance's local share ({Local:0.#}/min of {Limit}/min) until it answers again",
                cause?.GetType().Name ?? "not connected", LocalShape.TokensPerMinute + LocalShape.Capacity, LimitPerMinute);
        }
    }

    internal void ReportRejoined(int charged) =>
        _logger.LogInformation("Redis answers again: the shared Ontraport rate limit applies again ({Charged} local admissions of the last minute charged to it)", charged);

    /// <summary>
    /// Waits for a reserved slot on the clock; counted in <see cref="QueuedCount"/> until the slot comes (uncounted in the
    /// clock's own timer callback, so a test that drives the clock sees at once who is still parked).
    /// </summary>
    private sealed class SlotWait(SharedRateLimitPartitions owner)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _left;

        public async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
        {
            // The timer first, then the count: whoever sees this caller counted also sees the timer it waits for.
            await using var timer = owner.Time.CreateTimer(static state => ((SlotWait)state!).Leave(cancelled: false), this, wait, Timeout.InfiniteTimeSpan);
            Interlocked.Increment(ref owner._queued);
            await using var registration = cancellationToken.Register(static state => ((SlotWait)state!).Leave(cancelled: true), this);
            await _done.Task;
        }

        private void Leave(bool cancelled)
        {
            if (Interlocked.Exchange(ref _left, 1) == 1)
            {
                return;
            }

            Interlocked.Decrement(ref owner._queued);
            if (cancelled)
            {
                _done.TrySetCanceled();
            }
            else
            {
                _done.TrySetResult();
            }
        }
    }

    private sealed class SharedAccountRateLimiter(SharedRateLimitPartitions owner, string key) : IAccountRateLimiter
    {
        private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
        private readonly object _gate = new();
        private readonly RedisKey _key = key;
        private readonly List<DateTimeOffset> _localSlots = [];
        private ReservationBucket? _local;
        private DateTimeOffset _tail;
        private DateTimeOffset _blockedUntil;

        public int LimitPerMinute => owner.LimitPerMinute;

        public DateTimeOffset LastUsed { get; set; }

        /// <summary>Nothing local to remember: no fallback running, no local admission of the last minute to charge.</summary>
        public bool Idle(DateTimeOffset now)
        {
            lock (_gate)
            {
                return _local is null && _localSlots.TrueForAll(slot => slot <= now - Minute);
            }
        }

        public bool UsingLocalShare
        {
            get
            {
                lock (_gate)
                {
                    return _local is not null;
                }
            }
        }

        public TimeSpan? BlockedFor
        {
            get
            {
                lock (_gate)
                {
                    var left = _blockedUntil - owner.Time.GetUtcNow();
                    return left > TimeSpan.Zero ? left : null;
                }
            }
        }

        public async ValueTask AcquireAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = owner.Time.GetUtcNow();
            var maxWait = deadline > now ? deadline - now : TimeSpan.Zero;
            maxWait = maxWait < owner.MaxWait ? maxWait : owner.MaxWait;
            var (granted, wait) = await ReserveAsync(now, maxWait);
            if (!granted)
            {
                throw new OntraportException(OntraportErrorKind.RateLimited,
                    $"This account's Ontraport rate limit ({LimitPerMinute}/min) had no room within the call's time budget. Retry after {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s.",
                    retryAfter: wait);
            }

            if (wait > TimeSpan.Zero)
            {
                await new SlotWait(owner).WaitAsync(wait, cancellationToken);
            }
        }

        private async ValueTask<(bool Granted, TimeSpan Wait)> ReserveAsync(DateTimeOffset now, TimeSpan maxWait)
        {
            List<DateTimeOffset> debt;
            lock (_gate)
            {
                _localSlots.RemoveAll(slot => slot <= now - Minute);
                debt = [.. _localSlots];
                _localSlots.Clear();
            }

            Exception? failure = null;
            if (owner.Redis.IsConnected)
            {
                try
                {
                    var reply = await EvaluateAsync("reserve", now, (long)Math.Floor(maxWait.TotalMilliseconds), debt.Count);
                    bool rejoined;
                    lock (_gate)
                    {
                        rejoined = _local is not null || debt.Count > 0;
                        _local = null;
                    }

                    if (rejoined)
                    {
                        owner.ReportRejoined(debt.Count);
                    }

                    return reply;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    failure = ex;
                }
            }

            (bool Granted, TimeSpan Wait) local;
            lock (_gate)
            {
                _localSlots.InsertRange(0, debt);
                var handOver = now + owner.MaxWait; // every slot Redis handed out before the outage has come by then
                _local ??= new ReservationBucket(owner.LocalShape, handOver > _tail ? handOver : _tail);
                local = _local.Reserve(now, maxWait);
                if (local.Granted)
                {
                    _localSlots.Add(now + local.Wait);
                }
            }

            owner.ReportFallback(failure);
            return local;
        }

        public async ValueTask ObserveAsync(int? remaining, TimeSpan? reset)
        {
            if (remaining is not { } left)
            {
                return;
            }

            var now = owner.Time.GetUtcNow();
            var blockedFor = left <= 0 && reset is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            ReservationBucket? local;
            lock (_gate)
            {
                if (now + blockedFor > _blockedUntil)
                {
                    _blockedUntil = now + blockedFor;
                }

                local = _local;
            }

            if (local is null && owner.Redis.IsConnected)
            {
                try
                {
                    await EvaluateAsync("observe", now, left, (long)blockedFor.TotalMilliseconds);
                    return;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    owner.ReportFallback(ex); // the next acquire falls back; this re-sync is lost with the connection
                    return;
                }
            }

            local?.Observe(now, left, blockedFor > TimeSpan.Zero ? blockedFor : null);
        }

        private async Task<(bool Granted, TimeSpan Wait)> EvaluateAsync(string op, DateTimeOffset now, long first, long second)
        {
            var shape = owner.Shape;
            var result = (RedisResult[])(await owner.Redis.GetDatabase().ScriptEvaluateAsync(Script, [_key],
            [
                op,
                now.ToUnixTimeMilliseconds(),
                shape.Capacity.ToString("R", CultureInfo.InvariantCulture),
                shape.TokensPerMillisecond.ToString("R", CultureInfo.InvariantCulture),
                first,
                second,
            ]))!;
            var wait = TimeSpan.FromMilliseconds(long.Parse((string)result[1]!, CultureInfo.InvariantCulture));
            var tail = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)result[2]!, CultureInfo.InvariantCulture));
            lock (_gate)
            {
                if (tail > _tail)
                {
                    _tail = tail;
                }
            }

            return ((int)result[0] == 1, wait);
        }
    }
}
