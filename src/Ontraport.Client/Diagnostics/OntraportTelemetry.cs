using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ontraport.Client.Diagnostics;

/// <summary>
/// The client's traces and metrics, on the BCL's <see cref="ActivitySource"/> and <see cref="Meter"/> so that any listener
/// (OpenTelemetry in the server) can subscribe by <see cref="Name"/>; nothing is recorded while nobody listens. One span
/// per attempt sent to Ontraport, tagged with the account's app id and, when a tool call is the parent, the tool's name.
/// Never a key, a body or a query string (criteria may hold personal data).
/// </summary>
public static class OntraportTelemetry
{
    /// <summary>The name of both the activity source and the meter.</summary>
    public const string Name = "Ontraport.Client";

    /// <summary>The tool-name tag of the MCP semantic conventions, which the SDK's tools/call span carries.</summary>
    public const string ToolNameTag = "gen_ai.tool.name";

    public const string AppIdTag = "ontraport.app_id";

    /// <summary>Where <see cref="MarkToolCall"/> leaves the tool's name for the attempts below it (a custom property, not a tag).</summary>
    private const string ToolProperty = "ontraport.tool";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly AsyncLocal<bool> Unmeasured = new();

    /// <summary>
    /// Whether this flow's attempts count in the metrics below: not inside <see cref="RecordNothingInThisFlow"/> (a host's own start-up
    /// calls to a private sandbox, which are nobody's requests to Ontraport).
    /// </summary>
    internal static bool Recording => !Unmeasured.Value;

    /// <summary>From here on, in this flow (and what it awaits), attempts are counted in no metric of this client.</summary>
    public static void RecordNothingInThisFlow() => Unmeasured.Value = true;

    internal static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "ontraport.client.requests", "{request}", "Attempts sent to Ontraport, by method and response status (0 when no answer came).");

    internal static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
        "ontraport.client.rate_limited", "{response}", "Ontraport answers of 429 Too Many Requests.");

    internal static readonly Histogram<double> LimiterWait = Meter.CreateHistogram(
        "ontraport.client.limiter.wait", "s", "Time an attempt waited for a permit of its account's rate limit.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] });

    /// <summary>A span for one attempt: "ontraport GET objects", a child of whatever is current (the tool call's span).</summary>
    internal static Activity? StartAttempt(string method, string path, string appId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity($"ontraport {method} {path}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(AppIdTag, appId);
            activity.SetTag("http.request.method", method);
            activity.SetTag("url.path", path);
            if (ToolName(activity) is { } tool)
            {
                activity.SetTag(ToolNameTag, tool);
            }
        }

        return activity;
    }

    /// <summary>
    /// Names the tool and account of the span a tool runs in (the MCP SDK's "tools/call" span), so every attempt below it
    /// carries both. The tool's name goes in as a custom property: the SDK adds its own <see cref="ToolNameTag"/> tag when the
    /// call ends, and a second tag of the same name would be exported twice.
    /// </summary>
    public static void MarkToolCall(Activity? activity, string tool, string? appId)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetCustomProperty(ToolProperty, tool);
        if (appId is not null)
        {
            activity.SetTag(AppIdTag, appId);
        }
    }

    private static string? ToolName(Activity? activity)
    {
        for (; activity is not null; activity = activity.Parent)
        {
            if (activity.GetCustomProperty(ToolProperty) is string name)
            {
                return name;
            }
        }

        return null;
    }
}
