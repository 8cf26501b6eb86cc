using ModelContextProtocol.Client;
using Ontraport.Sandbox;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// A fresh host per test on a manual clock (Wednesday 2026-11-18 17:00 UTC, 09:00 in the demo account's Los Angeles
/// zone), so "this week", "this month" and the seeded dates are deterministic. The rate limit is raised because a
/// frozen clock never refills the client's token bucket (its burst at 180/min is 4 requests).
/// </summary>
public abstract class QueryToolHost : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 18, 17, 0, 0, TimeSpan.Zero);

    protected QueryToolHost(params (string Key, string? Value)[] settings)
    {
        Clock = new ManualTimeProvider(Now);
        Host = new ServerHost(Clock, [("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "4000"), .. settings]);
    }

    protected ManualTimeProvider Clock { get; }

    protected ServerHost Host { get; }

    protected McpClient Client { get; private set; } = null!;

    protected SandboxAccount Account => Host.DemoAccount;

    /// <summary>Upstream requests so far, metadata reads excluded (those are cached and allowed before validation).</summary>
    protected int UpstreamCount => Host.UpstreamRequests().Count;

    /// <summary>How many requests read records of this object type (<c>GET objects?objectID=N</c>).</summary>
    protected int ListRequestsFor(int objectTypeId) =>
        Host.UpstreamRequests().Count(r => r.Method == "GET" && r.Path == "objects" && r.QueryString.Split('&').Contains($"objectID={objectTypeId}"));

    public async Task InitializeAsync() => Client = await Host.ConnectAsync();

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await Host.DisposeAsync();
    }

    /// <summary>JSON as Ontraport's clients send it (no HTML escaping of &lt; and &gt;).</summary>
    protected static string Compact(System.Text.Json.Nodes.JsonNode? node) =>
        node!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    protected static long Unix(DateTimeOffset time) => time.ToUnixTimeSeconds();

    protected static DateTimeOffset FromUnix(string? seconds) => DateTimeOffset.FromUnixTimeSeconds(long.Parse(seconds!, System.Globalization.CultureInfo.InvariantCulture));
}
