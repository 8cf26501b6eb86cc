using System.Collections.Concurrent;

namespace Ontraport.Client.Metadata;

/// <summary>
/// Whose cache entries: the account (app id + API root) and the credential that read them, as its keyed hash
/// (<see cref="OntraportCredentials.Fingerprint"/>), never the key (DESIGN §10).
/// </summary>
/// <param name="Account">The account: app id and API root.</param>
/// <param name="Credential">The fingerprint of the credentials whose successful reads filled the entries.</param>
public readonly record struct CacheOwner(string Account, string Credential);

/// <summary>
/// What an account says about itself (<c>objects/meta</c>, each type's list-view columns, the names of its tags,
/// sequences and automations, the time zone) reused for a time-to-live, with single-flight: concurrent first callers
/// share one upstream request. Entries belong to a <see cref="CacheOwner"/>, the account and the credential that read
/// them, so one tenant's entries never serve another, and a caller who knows an App ID but not its key reaches no entry
/// of it: its own reads go to Ontraport, which refuses them. A failed load is not cached, so wrong keys leave nothing
/// behind; expired entries are dropped once per time-to-live, so keys that stop being used do not accumulate either.
/// </summary>
public sealed class MetadataCache
{
    private readonly ConcurrentDictionary<Key, Entry> _entries = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeToLive;
    private long _nextSweepTicks;

    public MetadataCache(TimeProvider time, TimeSpan timeToLive)
    {
        _time = time;
        _timeToLive = timeToLive;
        _nextSweepTicks = (time.GetUtcNow() + timeToLive).UtcTicks;
    }

    /// <summary>Entries held now (loaded, loading, or expired and not yet dropped).</summary>
    public int Count => _entries.Count;

    /// <summary>The account's metadata as <paramref name="owner"/> read it, loaded once per time-to-live.</summary>
    public Task<AccountMetadata> GetAsync(CacheOwner owner, Func<Task<AccountMetadata>> load, CancellationToken cancellationToken) =>
        GetAsync(owner, "", load, cancellationToken);

    /// <summary>
    /// Any per-account value under <paramref name="part"/> ("columns/0", "names/14"), loaded once per time-to-live and
    /// forgotten with the account's metadata. <paramref name="load"/> should read Ontraport with the owner's credentials, so
    /// that an entry exists only for credentials Ontraport accepted.
    /// </summary>
    public async Task<T> GetAsync<T>(CacheOwner owner, string part, Func<Task<T>> load, CancellationToken cancellationToken)
        where T : class
    {
        var key = new Key(owner, part);
        while (true)
        {
            var now = _time.GetUtcNow();
            SweepIfDue(now);
            var entry = _entries.GetOrAdd(key, _ => new Entry(new Lazy<Task<object>>(() => Run(load)), now + _timeToLive));
            if (entry.ExpiresAt <= now && entry.Load.IsValueCreated && entry.Load.Value.IsCompleted)
            {
                _entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry));
                continue;
            }

            var task = entry.Load.Value;
            try
            {
                return (T)await task.WaitAsync(cancellationToken);
            }
            catch when (task.IsFaulted || task.IsCanceled)
            {
                _entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry));
                throw;
            }
        }
    }

    /// <summary>Runs the load so that even a synchronous throw becomes a faulted task (and is not cached).</summary>
    private static async Task<object> Run<T>(Func<Task<T>> load)
        where T : class => await load();

    /// <summary>
    /// Forgets everything cached for an account, whichever credential read it, e.g. after an <c>Invalid query</c> that
    /// suggests the fields changed: the fields are the account's, so every credential's copy is stale.
    /// </summary>
    public void Invalidate(string account) => RemoveWhere(key => string.Equals(key.Owner.Account, account, StringComparison.Ordinal));

    /// <summary>Forgets what one credential read, e.g. when Ontraport stops accepting it (a revoked key).</summary>
    public void Forget(CacheOwner owner) => RemoveWhere(key => key.Owner == owner);

    private void RemoveWhere(Func<Key, bool> match)
    {
        foreach (var key in _entries.Keys.Where(match))
        {
            _entries.TryRemove(key, out _);
        }
    }

    /// <summary>At most once per time-to-live, drops the entries that expired (a key read once and never again).</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + _timeToLive).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now && entry.Load.IsValueCreated && entry.Load.Value.IsCompleted)
            {
                _entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry));
            }
        }
    }

    private readonly record struct Key(CacheOwner Owner, string Part);

    private sealed record Entry(Lazy<Task<object>> Load, DateTimeOffset ExpiresAt);
}
