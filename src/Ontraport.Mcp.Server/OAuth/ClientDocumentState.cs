using System.Threading.RateLimiting;
using Microsoft.Extensions.Caching.Memory;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// What the process remembers about client ID metadata documents, shared by every request (<see cref="ClientRegistry"/>
/// is per request): which documents were fetched and until when, which failed and until when (a bounded cache: the URLs
/// come from strangers), the per-client fetch limit (ASP.NET Core's rate limiter), the fetch gates and the throttled log
/// of failures. Expiries are kept on the injected clock; the cache only evicts.
/// </summary>
public sealed class ClientDocumentState : IDisposable
{
    /// <summary>Documents remembered at once; past it the cache compacts (a flood only costs refetches, each limited).</summary>
    public const int MaxRemembered = 10_000;

    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = MaxRemembered });
    private readonly PartitionedRateLimiter<string> _fetches = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = ClientRegistry.FetchesPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    // One fetch per document at a time, from a fixed set of gates: client ids come from strangers, so nothing may grow per id.
    private readonly SemaphoreSlim[] _gates = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];

    private readonly TimeProvider _time;
    private string _sweepCursor = string.Empty;

    public ClientDocumentState(TimeProvider time)
    {
        _time = time;
        FailureLog = new KeyedLogThrottle(time, TimeSpan.FromMinutes(1));
    }

    /// <summary>At most one log line a minute per document host.</summary>
    internal KeyedLogThrottle FailureLog { get; }

    /// <summary>Where the last sweep for unused applications stopped (by application id); it goes on from there.</summary>
    public string SweepCursor
    {
        get => Volatile.Read(ref _sweepCursor);
        set => Volatile.Write(ref _sweepCursor, value);
    }

    /// <summary>What is remembered of a document now: fetched (true), failed (false), or nothing.</summary>
    public bool? Remembered(string clientId) =>
        _documents.TryGetValue(clientId, out Remembrance? entry) && entry is not null && _time.GetUtcNow() < entry.Until ? entry.Usable : null;

    public void Remember(string clientId, bool usable, TimeSpan lifetime) =>
        _documents.Set(clientId, new Remembrance(usable, _time.GetUtcNow() + lifetime), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = lifetime });

    public void Forget(string clientId) => _documents.Remove(clientId);

    /// <summary>One fetch for this client address, or false past <see cref="ClientRegistry.FetchesPerMinute"/> a minute.</summary>
    public bool TryFetchFor(string client)
    {
        using var lease = _fetches.AttemptAcquire(client);
        return lease.IsAcquired;
    }

    public SemaphoreSlim GateOf(string clientId) => _gates[(int)((uint)StringComparer.Ordinal.GetHashCode(clientId) % (uint)_gates.Length)];

    public void Dispose()
    {
        _documents.Dispose();
        _fetches.Dispose();
        foreach (var gate in _gates)
        {
            gate.Dispose();
        }
    }

    private sealed record Remembrance(bool Usable, DateTimeOffset Until);
}
