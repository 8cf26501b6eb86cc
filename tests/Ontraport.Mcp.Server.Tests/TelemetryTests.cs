using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Ontraport.Client.Diagnostics;
using Ontraport.Client.RateLimiting;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Testing;
using Xunit.Abstractions;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The server's OpenTelemetry, read through the SDK's in-memory exporters added to the real host: a span per tool call
/// with its upstream attempts as children, both naming the tool and the account (never a key), and the metrics the
/// operator dashboards are built on.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests(ITestOutputHelper output)
{
    // Exporters add from whatever thread ends an activity (a host of an earlier test may still be ending one); reads take a copy.
    private readonly Locked<Activity> _spanSink = new();
    private readonly Locked<MetricSnapshot> _metricSink = new();

    private List<Activity> Spans => _spanSink.Copy();

    private List<MetricSnapshot> Metrics => _metricSink.Copy();

    private ServerHost Host(params (string Key, string? Value)[] settings) => new(settings) { AddServices = InMemoryTelemetry };

    private ServerHost Host(FakeClock clock, params (string Key, string? Value)[] settings) => new(clock, settings) { AddServices = InMemoryTelemetry };

    private void InMemoryTelemetry(IServiceCollection services) => services
        .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spanSink))
        .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metricSink));

    private void Flush(ServerHost host)
    {
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    [Fact]
    public async Task A_tool_call_is_one_span_with_its_upstream_requests_as_children_naming_tool_and_account_never_the_key()
    {
        await using var host = Host();
        await using var client = await host.ConnectAsync();
        (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 3 })).Ok();
        Flush(host);

        var call = Assert.Single(Spans, s => s.Source.Name == ServerTelemetry.McpSdkName && s.Kind == ActivityKind.Server && s.DisplayName == "tools/call get_objects");
        Assert.Equal(ServerSettings.SandboxAppId, call.GetTagItem(OntraportTelemetry.AppIdTag));
        Assert.Equal("ok", call.GetTagItem("ontraport.outcome"));

        var upstream = Spans.Where(s => s.Source.Name == OntraportTelemetry.Name && s.TraceId == call.TraceId).ToList();
        Assert.NotEmpty(upstream);
        Assert.Contains(upstream, s => s.DisplayName == "ontraport GET objects");
        foreach (var attempt in upstream)
        {
            output.WriteLine($"{attempt.DisplayName}: {string.Join(", ", attempt.TagObjects.Select(t => $"{t.Key}={t.Value}"))}");
            Assert.Equal(call.SpanId, attempt.ParentSpanId);
            Assert.Equal("get_objects", attempt.GetTagItem(OntraportTelemetry.ToolNameTag));
            Assert.Equal(ServerSettings.SandboxAppId, attempt.GetTagItem(OntraportTelemetry.AppIdTag));
            Assert.Equal(200, attempt.GetTagItem("http.response.status_code"));
        }

        // The HTTP request that carried the call is the tool span's parent, or its link when the client sent its own trace
        // context in _meta (the SDK's client does; the span is then its child). Nothing anywhere holds the key.
        Assert.Contains(Spans, s => (s.SpanId == call.ParentSpanId || call.Links.Any(l => l.Context.SpanId == s.SpanId)) &&
            s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore");
        Assert.DoesNotContain(Spans.SelectMany(s => s.TagObjects), t => t.Value?.ToString()?.Contains(ServerSettings.SandboxApiKey, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Metrics_count_tool_calls_by_outcome_upstream_requests_by_status_limiter_waits_and_duplicate_refusals()
    {
        await using var host = Host();
        await using var client = await host.ConnectAsync();
        (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 3 })).Ok();
        var charge = new { contact = "Jane Doe", products = new[] { new { product_id = 9 } }, total = 97 };
        (await client.CallAsync("process_transaction", charge)).Ok();
        (await client.CallAsync("process_transaction", charge)).Error();
        (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 5000 })).Error();
        Flush(host);

        Assert.Equal(1, Sum("ontraport.mcp.tool.calls", ("gen_ai.tool.name", "get_objects"), ("ontraport.outcome", "ok")));
        Assert.Equal(1, Sum("ontraport.mcp.tool.calls", ("gen_ai.tool.name", "get_objects"), ("ontraport.outcome", "refused")));
        Assert.Equal(1, Sum("ontraport.mcp.tool.calls", ("gen_ai.tool.name", "process_transaction"), ("ontraport.outcome", "ok")));
        Assert.Equal(1, Sum("ontraport.mcp.tool.calls", ("gen_ai.tool.name", "process_transaction"), ("ontraport.outcome", "duplicate")));
        Assert.Equal(1, Sum("ontraport.mcp.duplicate_refusals", ("gen_ai.tool.name", "process_transaction")));

        var sent = Sum("ontraport.client.requests", ("http.response.status_code", 200));
        Assert.True(sent >= 2, $"{sent} upstream requests counted with status 200");
        Assert.Equal(sent, Spans.Count(s => s.Source.Name == OntraportTelemetry.Name)); // one span per attempt, as counted
        Assert.True(Count("ontraport.client.limiter.wait") >= sent, "every attempt records its wait for a permit");
        Assert.Contains(Metrics, m => m.Name == "mcp.server.operation.duration"); // the SDK's own, exported alongside
    }

    [Fact]
    public async Task The_SDKs_request_duration_leaves_out_the_warm_up_and_counts_a_real_call_once()
    {
        // The SDK's own instrument, heard directly: it does record the warm-up's requests (what the relay leaves out).
        var recordedByTheSdkInWarmup = 0;
        using var sdk = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "mcp.server.operation.duration" && McpSdkMetrics.IsRelayed(instrument))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        sdk.SetMeasurementEventCallback<double>((_, _, _, _) =>
        {
            if (Warmup.IsRunning)
            {
                Interlocked.Increment(ref recordedByTheSdkInWarmup);
            }
        });
        sdk.Start();

        await using var host = Host(("ONTRAPORT_MCP_WARMUP", "true"));
        host.CreateClient().Dispose(); // starts the server: the warm-up (tools/list and get_objects, twice) begins once it listens
        var warmup = host.Services.GetRequiredService<Warmup>();
        await warmup.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal("warm", warmup.Outcome);
        Flush(host);
        Assert.True(Volatile.Read(ref recordedByTheSdkInWarmup) >= 4, $"the SDK recorded {recordedByTheSdkInWarmup} warm-up requests");
        Assert.DoesNotContain(Metrics, m => m.MeterName == ServerTelemetry.McpSdkName);

        await using var client = await host.ConnectAsync();
        (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 3 })).Ok();

        // The SDK records the duration once the answer is written, which may be just after the client has read it.
        long ToolCalls() => Points("mcp.server.operation.duration", ("mcp.method.name", "tools/call")).Sum(p => p.GetHistogramCount());
        var watch = Stopwatch.StartNew();
        do
        {
            _metricSink.Clear();
            Flush(host);
            await Task.Yield();
        }
        while (ToolCalls() == 0 && watch.Elapsed < TimeSpan.FromSeconds(30));

        // One stream of it (the relay's, not the SDK's as well), holding the one real call and none of the warm-up's two.
        var duration = Assert.Single(Metrics, m => m.Name == "mcp.server.operation.duration");
        Assert.Equal(ServerTelemetry.McpSdkName, duration.MeterName);
        Assert.Equal("s", duration.Unit);
        Assert.Equal(1, ToolCalls());
    }

    [Fact]
    public async Task Every_429_from_Ontraport_is_counted()
    {
        // Every answer is a 429, so Ontraport never accepts the credentials and each retry waits for the small bucket of
        // unaccepted credentials (a token every 10 s): the clock is driven, not waited on.
        await using var host = Host(new FakeClock(), ("ONTRAPORT_SANDBOX_FAULTS", "throttle:1:reset=0"), ("ONTRAPORT_MCP_RETRY_BASE_DELAY_MS", "0"));
        await using var client = await host.ConnectAsync();
        var call = client.CallAsync("get_objects", new { object_type = "contacts", limit = 3 });
        var partitions = host.Services.GetRequiredService<RateLimitPartitions>();
        var watch = Stopwatch.StartNew();
        while (!call.IsCompleted)
        {
            if (partitions.QueuedCount > 0)
            {
                host.Clock.Advance(TimeSpan.FromSeconds(1));
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the call neither ended nor waited for the rate limit");
            await Task.Yield();
        }

        (await call).Error();
        Flush(host);

        var throttled = Sum("ontraport.client.rate_limited");
        output.WriteLine($"{throttled} responses of 429 counted");
        Assert.True(throttled >= 1);
        Assert.Equal(throttled, Sum("ontraport.client.requests", ("http.response.status_code", 429)));
        Assert.Equal(1, Sum("ontraport.mcp.tool.calls", ("gen_ai.tool.name", "get_objects"), ("ontraport.outcome", "upstream_error")));
    }

    [Fact]
    public async Task With_OTEL_EXPORTER_OTLP_ENDPOINT_set_traces_andMetrics_go_to_that_collector_over_OTLP()
    {
        // A stand-in collector on loopback: it only records what reaches each OTLP/HTTP path.
        var received = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var traces = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = builder.Build();
        collector.MapPost("/v1/{signal}", (string signal, HttpRequest request) =>
        {
            received.AddOrUpdate(signal, 1, (_, n) => n + 1);
            if (signal == "traces" && request.ContentType == "application/x-protobuf")
            {
                traces.TrySetResult();
            }

            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = collector.Urls.First();

        await using var host = new ServerHost(("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        await using var client = await host.ConnectAsync();
        (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 3 })).Ok();
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();

        await traces.Task.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(string.Join(", ", received.Select(r => $"{r.Key}: {r.Value}")));
        Assert.True(received.GetValueOrDefault("metrics") >= 1, "metrics were exported too");
    }

    [Theory]
    [InlineData("refused: duplicate money-moving call", "duplicate")]
    [InlineData("refused: duplicate guard unavailable", "refused")] // Redis down is a refusal, not a duplicate
    [InlineData("outcome unknown", "outcome_unknown")]
    [InlineData("upstream RateLimited", "upstream_error")]
    [InlineData("internal error 1a2b3c4d", "internal_error")]
    public void Outcomes_fold_into_a_few_metric_values(string outcome, string kind) => Assert.Equal(kind, ServerTelemetry.Kind(outcome));

    /// <summary>The points of the last export of <paramref name="name"/> whose tags include <paramref name="tags"/>.</summary>
    private List<MetricPoint> Points(string name, params (string Key, object Value)[] tags)
    {
        var points = new List<MetricPoint>();
        foreach (var point in Metrics.LastOrDefault(m => m.Name == name)?.MetricPoints ?? [])
        {
            var pointTags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                pointTags[tag.Key] = tag.Value;
            }

            if (tags.All(t => Equals(pointTags.GetValueOrDefault(t.Key), t.Value)))
            {
                points.Add(point);
            }
        }

        return points;
    }

    private long Sum(string name, params (string Key, object Value)[] tags) => Points(name, tags).Sum(p => p.GetSumLong());

    private long Count(string name) => Points(name).Sum(p => p.GetHistogramCount());
}

/// <summary>
/// Listeners are process-wide: every host's OpenTelemetry sees every host's spans and measurements. These tests run alone,
/// after the parallel ones, so what they count is theirs.
/// </summary>
/// <summary>A collection the exporters may add to from any thread while a test reads a copy.</summary>
internal sealed class Locked<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public List<T> Copy()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item)
    {
        lock (_items)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Copy().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry (alone)";
}
