using System.Collections.Concurrent;

namespace Ontraport.Client.Metadata;

/// <summary>
/// What an account says about itself (<c>objects/meta</c>, each type's list-view columns, the names of its tags,
/// sequences and automations) reused for a time-to-live, per account, with single-flight: concurrent first callers share
/// one upstream request. Keys start with the account (app id + API root), so one tenant's entries never serve another. A
/// failed load is not cached.
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

    /// <summary>The account's metadata, loaded once per time-to-live.</summary>
    public Task<AccountMetadata> GetAsync(string accountKey, Func<Task<AccountMetadata>> load, CancellationToken cancellationToken) =>
        GetAsync(accountKey, "", load, cancellationToken);

    /// <summary>
    /// Any per-account value under <paramref name="part"/> ("columns/0", "names/14"), loaded once per time-to-live and
    /// forgotten with the account's metadata.
    /// </summary>
    public async Task<T> GetAsync<T>(string accountKey, string part, Func<Task<T>> load, CancellationToken cancellationToken)
        where T : class
    {
        var key = part.Length == 0 ? accountKey : accountKey + "|" + part;
        while (true)
        {
            var now = _time.GetUtcNow();
            var entry = _entries.GetOrAdd(key, _ => new Entry(new Lazy<Task<object>>(() => Run(load)), now + _timeToLive));
            if (entry.ExpiresAt <= now && entry.Load.IsValueCreated && entry.Load.Value.IsCompleted)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                continue;
            }

            var task = entry.Load.Value;
            try
            {
                return (T)await task.WaitAsync(cancellationToken);
            }
            catch when (task.IsFaulted || task.IsCanceled)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                throw;
            }
        }
    }

    /// <summary>Runs the load so that even a synchronous throw becomes a faulted task (and is not cached).</summary>
    private static async Task<object> Run<T>(Func<Task<T>> load)
        where T : class => await load();

    /// <summary>Forgets everything cached for an account, e.g. after an <c>Invalid query</c> that suggests the fields changed.</summary>
    public void Invalidate(string accountKey)
    {
        _entries.TryRemove(accountKey, out _);
        foreach (var key in _entries.Keys.Where(k => k.StartsWith(accountKey + "|", StringComparison.Ordinal)))
        {
            _entries.TryRemove(key, out _);
        }
    }

    private sealed record Entry(Lazy<Task<object>> Load, DateTimeOffset ExpiresAt);
}
