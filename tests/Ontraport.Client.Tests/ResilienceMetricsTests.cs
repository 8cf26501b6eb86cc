using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Ontraport.Client.Objects;

namespace Ontraport.Client.Tests;

/// <summary>Metrics are process-wide: this collection runs alone so no other test's pipeline adds measurements.</summary>
[CollectionDefinition(nameof(ResilienceMetricsCollection), DisableParallelization = true)]
public sealed class ResilienceMetricsCollection;

/// <summary>
/// The resilience handler reports on the standard <c>Polly</c> meter (what the telemetry work will export): retries as
/// <c>OnRetry</c> events, every attempt of a repeatable request, and each pipeline run, tagged with the pipeline
/// (<c>Ontraport-effect-aware</c>) and its instance (<c>repeatable</c> / <c>once</c>).
/// </summary>
[Collection(nameof(ResilienceMetricsCollection))]
public class ResilienceMetricsTests
{
    private const string Pipeline = "Ontraport-effect-aware";

    private static void Options(OntraportClientOptions options)
    {
        options.RetryBaseDelay = TimeSpan.Zero;
        options.MaxRetries = 3;
    }

    private static string? Tag<T>(CollectedMeasurement<T> measurement, string name)
        where T : struct => measurement.Tags.TryGetValue(name, out var value) ? value?.ToString() : null;

    private static IReadOnlyList<CollectedMeasurement<T>> Ours<T>(MetricCollector<T> collector, string instance)
        where T : struct =>
        [.. collector.GetMeasurementSnapshot().Where(m => Tag(m, "pipeline.name") == Pipeline && Tag(m, "pipeline.instance") == instance)];

    [Fact]
    public async Task A_retried_read_reports_one_retry_event_and_both_attempts()
    {
        using var events = new MetricCollector<int>(null, "Polly", "resilience.polly.strategy.events");
        using var attempts = new MetricCollector<double>(null, "Polly", "resilience.polly.strategy.attempt.duration");
        using var runs = new MetricCollector<double>(null, "Polly", "resilience.polly.pipeline.duration");
        var calls = 0;
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(Interlocked.Increment(ref calls) == 1
            ? RecordingHandler.Text(HttpStatusCode.ServiceUnavailable, "busy")
            : RecordingHandler.Envelope("[]")), Options);

        Assert.Empty(await harness.Client().Objects.ListAsync(0, new ListOptions(), CancellationToken.None));

        Assert.Equal(2, harness.Requests.Count);
        var retry = Assert.Single(Ours(events, "repeatable"), m => Tag(m, "event.name") == "OnRetry");
        Assert.Equal(1, retry.Value);
        Assert.Equal(["True", "False"], Ours(attempts, "repeatable").Select(m => Tag(m, "attempt.handled")));
        Assert.Single(Ours(runs, "repeatable"));
    }

    [Fact]
    public async Task Exhausted_retries_are_reported_as_warnings_not_errors()
    {
        using var events = new MetricCollector<int>(null, "Polly", "resilience.polly.strategy.events");
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(RecordingHandler.Text(HttpStatusCode.BadGateway, "bad gateway")), Options);

        var error = await Assert.ThrowsAsync<OntraportException>(() => harness.Client().Objects.ListAsync(0, new ListOptions(), CancellationToken.None));

        Assert.Equal(OntraportErrorKind.Unavailable, error.Kind);
        Assert.Equal(4, harness.Requests.Count);
        var ours = Ours(events, "repeatable");
        Assert.Equal(3, ours.Count(m => Tag(m, "event.name") == "OnRetry"));
        Assert.Contains(ours, m => Tag(m, "event.severity") == "Warning");
        Assert.DoesNotContain(ours, m => Tag(m, "event.severity") == "Error");
    }

    [Fact]
    public async Task A_create_answered_5xx_runs_the_once_pipeline_and_reports_no_retry()
    {
        using var events = new MetricCollector<int>(null, "Polly", "resilience.polly.strategy.events");
        using var runs = new MetricCollector<double>(null, "Polly", "resilience.polly.pipeline.duration");
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(RecordingHandler.Text(HttpStatusCode.InternalServerError, "oops")), Options);

        var error = await Assert.ThrowsAsync<OntraportException>(() => harness.Client().SendAsync(ObjectRequests.Create(0, new JsonObject { ["email"] = "a@b.co" }), CancellationToken.None));

        Assert.Equal(OntraportErrorKind.OutcomeUnknown, error.Kind);
        Assert.Single(harness.Requests);
        Assert.Single(Ours(runs, "once"));
        Assert.DoesNotContain(Ours(events, "once"), m => Tag(m, "event.name") == "OnRetry");
        Assert.Empty(Ours(runs, "repeatable"));
    }
}
