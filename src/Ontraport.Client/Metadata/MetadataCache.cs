using System.Collections.Concurrent;

namespace Ontraport.Client.Metadata;

/// <summary>
/// Account metadata (<c>objects/meta</c>) reused for a time-to-live, per account, with single-flight: concurrent first
/// callers share one upstream request. Keys are per account (app id + API root), so one tenant's metadata never serves
/// another. A failed load is not cached.
/// </summary>
public sealed class MetadataCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeToLive;

    public MetadataCache(TimeProvider time, TimeSpan timeToLive)
    {
        _time = time;
        _timeToLive = timeToLive;
    }

    public async Task<AccountMetadata> GetAsync(string accountKey, Func<Task<AccountMetadata>> load, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = _time.GetUtcNow();
            var entry = _entries.GetOrAdd(accountKey, _ => new Entry(new Lazy<Task<AccountMetadata>>(() => Run(load)), now + _timeToLive));
            if (entry.ExpiresAt <= now && entry.Load.IsValueCreated && entry.Load.Value.IsCompleted)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(accountKey, entry));
                continue;
            }

            var task = entry.Load.Value;
            try
            {
                return await task.WaitAsync(cancellationToken);
            }
            catch when (task.IsFaulted || task.IsCanceled)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(accountKey, entry));
                throw;
            }
        }
    }

    /// <summary>Runs the load so that even a synchronous throw becomes a faulted task (and is not cached).</summary>
    private static async Task<AccountMetadata> Run(Func<Task<AccountMetadata>> load) => await load();

    /// <summary>Forgets an account's metadata, e.g. after an <c>Invalid query</c> that suggests the fields changed.</summary>
    public void Invalidate(string accountKey) => _entries.TryRemove(accountKey, out _);

    private sealed record Entry(Lazy<Task<AccountMetadata>> Load, DateTimeOffset ExpiresAt);
}
