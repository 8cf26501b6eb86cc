namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// At most one log line per key per <paramref name="interval"/>, on an injected clock, counting what it held back. Our own
/// because the project's <c>LogThrottle</c> has one key, and these keys (App IDs, metadata document hosts) come from
/// strangers: the map is pruned, so it never grows past <see cref="MaxKeys"/>.
/// </summary>
internal sealed class KeyedLogThrottle(TimeProvider time, TimeSpan interval)
{
    public const int MaxKeys = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>True when a line for <paramref name="key"/> may be written now; <paramref name="held"/> says how many were held back since the last.</summary>
    public bool ShouldLog(string key, out int held)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && now - entry.Last < interval)
            {
                entry.Held++;
                held = 0;
                return false;
            }

            held = entry?.Held ?? 0;
            if (entry is null && _entries.Count >= MaxKeys)
            {
                Prune(now);
            }

            _entries[key] = new Entry { Last = now };
            return true;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var stale in _entries.Where(e => now - e.Value.Last >= interval).Select(e => e.Key).ToList())
        {
            _entries.Remove(stale);
        }

        if (_entries.Count >= MaxKeys)
        {
            _entries.Clear(); // a flood of fresh keys: some lines come early rather than the map growing
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset Last { get; init; }

        public int Held { get; set; }
    }
}
