using System.Collections.Concurrent;

namespace Ontraport.Client.RateLimiting;

/// <summary>
/// One <see cref="AccountRateLimiter"/> per Ontraport account (keyed by app id), shared by every session and request of
/// that account in this process. Partitions idle for <see cref="IdleEviction"/> are dropped so a passthrough server
/// serving many tenants does not grow without bound.
/// </summary>
public sealed class RateLimitPartitions : IRateLimitPartitions, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Partition>> _partitions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _limitPerMinute;

    public RateLimitPartitions(int limitPerMinute, TimeProvider time)
    {
        _limitPerMinute = limitPerMinute;
        _time = time;
    }

    public static TimeSpan IdleEviction { get; } = TimeSpan.FromMinutes(15);

    public int LimitPerMinute => _limitPerMinute;

    public AccountRateLimiter For(string appId)
    {
        var now = _time.GetUtcNow();
        var partition = _partitions.GetOrAdd(appId, _ => new Lazy<Partition>(() => new Partition(new AccountRateLimiter(_limitPerMinute, _time)))).Value;
        partition.LastUsed = now;
        EvictIdle(now, appId);
        return partition.Limiter;
    }

    IAccountRateLimiter IRateLimitPartitions.For(string appId) => For(appId);

    public int Count => _partitions.Count;

    private void EvictIdle(DateTimeOffset now, string keep)
    {
        foreach (var (key, lazy) in _partitions)
        {
            if (key != keep && lazy.IsValueCreated && now - lazy.Value.LastUsed > IdleEviction &&
                lazy.Value.Limiter.QueuedCount == 0 && _partitions.TryRemove(new KeyValuePair<string, Lazy<Partition>>(key, lazy)))
            {
                _ = lazy.Value.Limiter.DisposeAsync().AsTask();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _partitions.Values.Where(l => l.IsValueCreated))
        {
            await lazy.Value.Limiter.DisposeAsync();
        }

        _partitions.Clear();
    }

    private sealed class Partition(AccountRateLimiter limiter)
    {
        public AccountRateLimiter Limiter { get; } = limiter;

        public DateTimeOffset LastUsed { get; set; }
    }
}
