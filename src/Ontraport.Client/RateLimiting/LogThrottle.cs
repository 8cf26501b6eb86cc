namespace Ontraport.Client.RateLimiting;

/// <summary>Lets a repeated warning through at most once per interval (on the injected clock), so an outage is logged, not every call during it.</summary>
public sealed class LogThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly object _gate = new();
    private DateTimeOffset? _last;

    public bool ShouldLog()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_last is { } last && now - last < interval)
            {
                return false;
            }

            _last = now;
            return true;
        }
    }
}
