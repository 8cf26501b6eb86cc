using System.Threading.RateLimiting;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// The consent page checks an App ID and key with one Ontraport request, which spends the tenant's rate limit whether the
/// key is right or not. So each client address and each App ID may have at most
/// <see cref="OAuthSettings.KeyChecksPerMinute"/> checks a minute (ASP.NET Core's rate limiter: a fixed window per
/// partition, idle partitions dropped by the limiter itself); past it the person is told to wait and nothing goes
/// upstream. A refused key is logged at most once a minute per App ID.
/// </summary>
internal sealed class KeyCheckLimit : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perClient;
    private readonly PartitionedRateLimiter<string> _perAppId;
    private readonly KeyedLogThrottle _refusals;

    public KeyCheckLimit(OAuthSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        PerMinute = settings.KeyChecksPerMinute;
        _perClient = Window(PerMinute);
        _perAppId = Window(PerMinute);
        _refusals = new KeyedLogThrottle(time, TimeSpan.FromMinutes(1));
    }

    public int PerMinute { get; }

    /// <summary>Takes one check for this client and App ID; otherwise the sentence for the person and when to try again.</summary>
    public (string? Refusal, TimeSpan RetryAfter) TryAcquire(string client, string appId)
    {
        using (var lease = _perClient.AttemptAcquire(client))
        {
            if (!lease.IsAcquired)
            {
                return ($"Too many key checks from this address in the last minute (at most {PerMinute} a minute). Nothing was sent to Ontraport. Wait a minute, then press Allow again.",
                    RetryAfterOf(lease));
            }
        }

        // Ontraport's App IDs are compared as Ontraport does, which we do not know: case variants share one partition.
        using (var lease = _perAppId.AttemptAcquire(appId.ToLowerInvariant()))
        {
            if (!lease.IsAcquired)
            {
                return ($"Too many key checks for this App ID in the last minute (at most {PerMinute} a minute, from any address). Nothing was sent to Ontraport. Wait a minute, then press Allow again.",
                    RetryAfterOf(lease));
            }
        }

        return (null, TimeSpan.Zero);
    }

    /// <summary>Whether a refused key for this App ID may be logged now, and how many refusals were not.</summary>
    public bool ShouldLogRefusal(string appId, out int held) => _refusals.ShouldLog(appId.ToLowerInvariant(), out held);

    public void Dispose()
    {
        _perClient.Dispose();
        _perAppId.Dispose();
    }

    private static PartitionedRateLimiter<string> Window(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    private static TimeSpan RetryAfterOf(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : TimeSpan.FromMinutes(1);
}
