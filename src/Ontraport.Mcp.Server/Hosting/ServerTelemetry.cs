using System.Diagnostics.Metrics;
using Ontraport.Client.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// Traces and metrics on OpenTelemetry. The MCP SDK already opens one span per request ("tools/call get_objects", source
/// <see cref="McpSdkName"/>); the call chain names the account on it, and the client's attempts to Ontraport hang below
/// it (<see cref="OntraportTelemetry"/>). Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with the
/// standard <c>OTEL_*</c> settings), otherwise to nothing: collected in memory only while a listener asks.
/// </summary>
public static class ServerTelemetry
{
    /// <summary>The meter of what the server itself decides: tool calls by outcome and duplicate refusals.</summary>
    public const string Name = "Ontraport.Mcp.Server";

    /// <summary>The MCP SDK's activity source and meter (its tools/call spans and mcp.server.operation.duration).</summary>
    public const string McpSdkName = "Experimental.ModelContextProtocol";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> ToolCalls = Meter.CreateCounter<long>(
        "ontraport.mcp.tool.calls", "{call}", "Tool calls by tool and outcome (ok, error, refused, duplicate, outcome_unknown, upstream_error, internal_error, abandoned).");

    private static readonly Counter<long> DuplicateRefusals = Meter.CreateCounter<long>(
        "ontraport.mcp.duplicate_refusals", "{call}", "Money-moving calls refused because an identical one reached Ontraport within the window.");

    public static IServiceCollection AddServerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ontraport-mcp",
                serviceVersion: typeof(ServerTelemetry).Assembly.GetName().Version?.ToString(3)))
            .WithTracing(tracing => tracing
                .AddSource(McpSdkName, OntraportTelemetry.Name)
                .AddAspNetCoreInstrumentation(options => options.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(Name, OntraportTelemetry.Name, McpSdkName)
                .AddView(instrument => McpSdkMetrics.IsRelayed(instrument) ? MetricStreamConfiguration.Drop : null) // its relay instead
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        McpSdkMetrics.Start();
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>The outcome of a call the duplicate-charge guard refused because an identical one was sent.</summary>
    public const string DuplicateOutcome = "refused: duplicate money-moving call";

    /// <summary>Counts one finished tool call under a short, bounded outcome name (the audit trail keeps the long one).</summary>
    public static void RecordCall(string tool, string outcome)
    {
        if (!Warmup.IsRunning) // the start-up warm-up's call is nobody's
        {
            ToolCalls.Add(1, new("gen_ai.tool.name", tool), new("ontraport.outcome", Kind(outcome)));
        }
    }

    /// <summary>Counts a call the duplicate-charge guard refused (the guard being unreachable is a refusal, not a duplicate).</summary>
    public static void RecordDuplicateRefusal(string tool) =>
        DuplicateRefusals.Add(1, new KeyValuePair<string, object?>("gen_ai.tool.name", tool));

    public static string Kind(string outcome) => outcome switch
    {
        "ok" or "error" => outcome,
        _ when outcome == Tools.OutcomeUnknownException.Outcome => "outcome_unknown",
        DuplicateOutcome => "duplicate",
        _ when outcome.StartsWith("refused", StringComparison.Ordinal) => "refused",
        _ when outcome.StartsWith("upstream", StringComparison.Ordinal) => "upstream_error",
        _ when outcome.StartsWith("internal error", StringComparison.Ordinal) => "internal_error",
        _ when outcome.StartsWith("abandoned", StringComparison.Ordinal) => "abandoned",
        _ when outcome.StartsWith("asked", StringComparison.Ordinal) => "asked",
        _ when outcome.StartsWith("declined", StringComparison.Ordinal) => "declined",
        _ => "error",
    };
}

/// <summary>
/// The MCP SDK's histograms (<c>mcp.server.operation.duration</c>, <c>mcp.server.session.duration</c>, …) without the
/// start-up warm-up's requests. The SDK records them itself and offers no filter, and an OpenTelemetry view sees only the
/// instrument, never the measurement: so its instruments are dropped from the meter provider (<see cref="IsRelayed"/>) and
/// a <see cref="MeterListener"/> re-records each measurement, unless <see cref="Warmup.IsRunning"/> (read on the recording
/// flow, where the AsyncLocal is visible), on an instrument of the same meter name, instrument name, unit, description and
/// bucket advice, with the same tags. Dashboards see the same series; listeners other than OpenTelemetry (dotnet-counters)
/// still see the SDK's own instruments, warm-up included.
/// </summary>
internal static class McpSdkMetrics
{
    private static readonly object Gate = new();
    private static MeterListener? _listener;
    private static Meter? _relay;

    /// <summary>Whether <paramref name="instrument"/> is one of the SDK's that this relays (its own, not the relay's).</summary>
    public static bool IsRelayed(Instrument instrument) =>
        instrument.Meter.Name == ServerTelemetry.McpSdkName && !ReferenceEquals(instrument.Meter, Volatile.Read(ref _relay)) && instrument is Histogram<double>;

    /// <summary>Starts the relay once per process (the SDK's meter is static, as the relay's is).</summary>
    public static void Start()
    {
        lock (Gate)
        {
            if (_listener is not null)
            {
                return;
            }

            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument is Histogram<double> sdk && IsRelayed(instrument))
                    {
                        var relay = RelayMeter(instrument.Meter).CreateHistogram(sdk.Name, sdk.Unit, sdk.Description, sdk.Tags, sdk.Advice);
                        listener.EnableMeasurementEvents(instrument, relay);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<double>((_, value, tags, state) =>
            {
                if (!Warmup.IsRunning)
                {
                    ((Histogram<double>)state!).Record(value, tags);
                }
            });
            _listener.Start();
        }
    }

    private static Meter RelayMeter(Meter sdk)
    {
        if (Volatile.Read(ref _relay) is { } relay)
        {
            return relay;
        }

        var created = new Meter(sdk.Name, sdk.Version);
        if (Interlocked.CompareExchange(ref _relay, created, null) is { } first)
        {
            created.Dispose();
            return first;
        }

        return created;
    }
}
