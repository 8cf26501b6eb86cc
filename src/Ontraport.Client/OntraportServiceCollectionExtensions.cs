using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ontraport.Client.Http;
using Ontraport.Client.Metadata;
using Ontraport.Client.RateLimiting;
using Polly.Telemetry;

namespace Ontraport.Client;

public static class OntraportServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OntraportClientFactory"/> and what it shares. The named HttpClient carries the effect-aware
    /// resilience handler (<see cref="OntraportResilience"/>: retries only for requests safe to repeat, permits and a
    /// timeout per attempt, metrics on the <c>Polly</c> meter) with the per-attempt handler inside it. The returned
    /// builder configures that client, e.g. <c>ConfigurePrimaryHttpMessageHandler</c> to talk to an in-process sandbox.
    /// </summary>
    public static IHttpClientBuilder AddOntraportClient(this IServiceCollection services, Action<OntraportClientOptions> configure)
    {
        services.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        // A host that runs several instances registers its RateLimitPartitions first, on its shared IRateLimitStore.
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OntraportClientOptions>>().Value;
            return new RateLimitPartitions(options.RateLimitPerMinute, options.CallBudget, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new MetadataCache(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<OntraportClientOptions>>().Value.MetadataTimeToLive));
        services.TryAddSingleton<OntraportClientFactory>();
        var client = services.AddHttpClient(OntraportTransport.HttpClientName, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<OntraportClientOptions>>().Value;
                http.BaseAddress = options.BaseAddress;
                http.Timeout = Timeout.InfiniteTimeSpan; // attempts are timed by the resilience pipeline
                http.MaxResponseContentBufferSize = options.MaxResponseBytes;
            })
            // The default handler logs full request URIs, and query strings can carry emails: keep them out of logs.
            .RemoveAllLoggers();
        client.AddResilienceHandler(OntraportResilience.PipelineName, OntraportResilience.Configure)
            .SelectPipelineBy(_ => OntraportResilience.InstanceFor);
        // An exhausted retry or a timed-out attempt is the upstream's failure, already answered to the caller as a clear
        // OntraportException: Polly's telemetry would log it at Error, which for this server means "our bug". Warning.
        services.Configure<TelemetryOptions>(telemetry =>
        {
            var previous = telemetry.SeverityProvider;
            telemetry.SeverityProvider = args =>
            {
                var severity = previous?.Invoke(args) ?? args.Event.Severity;
                return severity == ResilienceEventSeverity.Error && args.Source.PipelineName == OntraportResilience.QualifiedPipelineName
                    ? ResilienceEventSeverity.Warning
                    : severity;
            };
        });
        // Added after the resilience handler, so inside it: runs once per attempt, within the attempt's timeout.
        client.AddHttpMessageHandler(sp => new OntraportAttemptHandler(
            sp.GetRequiredService<IOptions<OntraportClientOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<OntraportTransport>>()));
        return client;
    }
}
