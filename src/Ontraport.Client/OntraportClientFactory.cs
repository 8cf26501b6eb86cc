using Microsoft.Extensions.Options;
using Ontraport.Client.Http;
using Ontraport.Client.Metadata;
using Ontraport.Client.RateLimiting;

namespace Ontraport.Client;

/// <summary>Creates <see cref="OntraportClient"/>s for accounts; holds what they share (HTTP, limiter partitions, metadata cache).</summary>
public sealed class OntraportClientFactory
{
    private readonly OntraportTransport _transport;
    private readonly MetadataCache _metadata;
    private readonly OntraportClientOptions _options;
    private readonly TimeProvider _time;

    public OntraportClientFactory(IHttpClientFactory httpClients, RateLimitPartitions partitions, MetadataCache metadata, IOptions<OntraportClientOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _metadata = metadata;
        _transport = new OntraportTransport(httpClients, partitions, _options, time);
    }

    public OntraportClientOptions Options => _options;

    /// <summary>
    /// A client for <paramref name="credentials"/> whose calls must finish within <see cref="OntraportClientOptions.CallBudget"/>;
    /// rate-limit waits and multi-page reads are reported to <paramref name="progress"/> while they take time.
    /// </summary>
    public OntraportClient Create(OntraportCredentials credentials, IProgress<CallProgress>? progress = null) =>
        new(_transport, _metadata, credentials, _options.BaseAddress, _time.GetUtcNow() + _options.CallBudget, progress);
}
