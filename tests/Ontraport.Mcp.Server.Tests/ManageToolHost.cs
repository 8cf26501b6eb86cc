using ModelContextProtocol.Client;
using Ontraport.Sandbox;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// A fresh host per test for the Manage tools, on a manual clock shared with its sandbox (Sunday 2026-11-22 15:00 UTC,
/// 07:00 in the demo account's America/Los_Angeles), so due dates are exact.
/// </summary>
public abstract class ManageToolHost : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);

    protected ManageToolHost()
    {
        Clock = new ManualTimeProvider(Now);
        Host = new ServerHost(Clock);
    }

    protected ManualTimeProvider Clock { get; }

    protected ServerHost Host { get; }

    protected McpClient Client { get; private set; } = null!;

    protected SandboxAccount Account => Host.DemoAccount;

    /// <summary>Upstream requests except metadata reads.</summary>
    protected int UpstreamCount => Host.UpstreamRequests().Count;

    /// <summary>Upstream requests that could change something.</summary>
    protected IReadOnlyList<SandboxRecordedRequest> Writes => [.. Host.UpstreamRequests().Where(r => r.Method != "GET")];

    public async Task InitializeAsync() => Client = await Host.ConnectAsync();

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await Host.DisposeAsync();
    }

    protected Task<ToolAnswer> CallAsync(string tool, object? arguments) => Client.CallAsync(tool, arguments);

    /// <summary>Ids in a membership list such as <c>contact_cat</c> (<c>*/*1*/*3*/*</c>).</summary>
    protected static IReadOnlyList<string> ListOf(string? value) => value?.Split("*/*", StringSplitOptions.RemoveEmptyEntries) ?? [];

    protected static long Unix(DateTimeOffset time) => time.ToUnixTimeSeconds();
}
