namespace Ontraport.Client;

/// <summary>Settings of the client, shared by every account it talks to.</summary>
public sealed class OntraportClientOptions
{
    public static readonly Uri DefaultBaseAddress = new("https://api.ontraport.com/1/");

    /// <summary>The API root; must end with '/'. <c>ONTRAPORT_BASE_URL</c> sets it (tests point it at a sandbox).</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>Requests per minute per account (Ontraport's documented limit is 180).</summary>
    public int RateLimitPerMinute { get; set; } = 180;

    /// <summary>How long one HTTP attempt may take before it is abandoned.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries after the first attempt, for requests that are safe to repeat.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay (exponential with jitter after that).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Total time one client instance (one tool call) may spend, including waits for the rate limiter and 429 resets.
    /// A 429 whose reset does not fit in what is left fails fast with "retry after N s".
    /// </summary>
    public TimeSpan CallBudget { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long account metadata (<c>objects/meta</c>) is reused before it is fetched again.</summary>
    public TimeSpan MetadataTimeToLive { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest response body read into memory.</summary>
    public long MaxResponseBytes { get; set; } = 16 * 1024 * 1024;
}
