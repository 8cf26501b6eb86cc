using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// A host on a fixed manual clock (2026-11-22 15:00 UTC) for the Commerce tests, so dates such as "this month" and
/// "overdue" are the same on every run. The rate limit is raised because the client's token bucket refills only when
/// this clock moves.
/// </summary>
public abstract class CommerceHost : IAsyncLifetime
{
    protected ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero));

    protected ServerHost Host { get; private set; } = null!;

    protected ModelContextProtocol.Client.McpClient Client { get; private set; } = null!;

    protected Sandbox.SandboxAccount Account => Host.DemoAccount;

    /// <summary>Requests that changed something upstream (anything but a read).</summary>
    protected int Writes => Host.UpstreamRequests().Count(r => r.Method != "GET");

    public async Task InitializeAsync()
    {
        Host = new ServerHost(Time, ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "100000"));
        Client = await Host.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await Host.DisposeAsync();
    }

    protected Task<ToolAnswer> CallAsync(string tool, object? arguments = null) => Client.CallAsync(tool, arguments);

    protected static decimal Amount(System.Text.Json.Nodes.JsonNode? money) =>
        decimal.Parse(money!.GetValue<string>().Split(' ')[0].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
