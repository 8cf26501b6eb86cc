namespace Ontraport.Client.RateLimiting;

/// <summary>
/// Which credentials Ontraport has accepted lately (answered 2xx), remembered by <see cref="OntraportCredentials.Fingerprint"/>
/// (a keyed hash, never the key) for <see cref="TimeToLive"/> after the last acceptance, at most <see cref="Capacity"/> of
/// them (the least recently accepted go first). Credentials not in here are unverified (DESIGN §10): their requests spend a
/// small bucket of their own, never the account's. Forgetting costs little: the next 2xx remembers again. Our own small
/// LRU because MemoryCache cannot run on a <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
public sealed class AcceptedCredentials(TimeProvider time, int capacity = 10_000, TimeSpan? timeToLive = null)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Fingerprint, DateTimeOffset At)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Fingerprint, DateTimeOffset At)> _order = new(); // most recently accepted first

    public int Capacity { get; } = capacity;

    public TimeSpan TimeToLive { get; } = timeToLive ?? TimeSpan.FromHours(1);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Whether Ontraport accepted these credentials within <see cref="TimeToLive"/>.</summary>
    public bool Contains(OntraportCredentials credentials)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_entries.TryGetValue(credentials.Fingerprint, out var node))
            {
                return false;
            }

            if (now - node.Value.At < TimeToLive)
            {
                return true;
            }

            Remove(node);
            return false;
        }
    }

    /// <summary>Ontraport answered 2xx to these credentials.</summary>
    public void Accept(OntraportCredentials credentials)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(credentials.Fingerprint, out var node))
            {
                _order.Remove(node);
                node.Value = (credentials.Fingerprint, now);
                _order.AddFirst(node);
                return;
            }

            _entries[credentials.Fingerprint] = _order.AddFirst((credentials.Fingerprint, now));
            while (_entries.Count > Capacity && _order.Last is { } oldest)
            {
                Remove(oldest);
            }
        }
    }

    /// <summary>Ontraport refused these credentials (401): a revoked key is unverified again.</summary>
    public void Forget(OntraportCredentials credentials)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(credentials.Fingerprint, out var node))
            {
                Remove(node);
            }
        }
    }

    private void Remove(LinkedListNode<(string Fingerprint, DateTimeOffset At)> node)
    {
        _order.Remove(node);
        _entries.Remove(node.Value.Fingerprint);
    }
}
