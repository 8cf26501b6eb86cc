namespace Ontraport.Mcp.Server.Tests;

/// <summary>The SDK's own client, pinned to each served version and left at its default (which probes 2026-07-28 first).</summary>
public class ProtocolVersionTests
{
    [Theory]
    [InlineData("2025-03-26")]
    [InlineData("2025-06-18")]
    [InlineData("2025-11-25")]
    public async Task A_client_pinned_to_a_served_version_negotiates_it_and_calls_a_tool(string version)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(version);
        Assert.Equal(version, client.NegotiatedProtocolVersion);
        Assert.Equal("ontraport-mcp", client.ServerInfo?.Name);
        var answer = await client.CallAsync("get_objects", new { object_type = "contacts", limit = 1 });
        Assert.Equal(1, answer.Ok()["returned"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_default_client_is_refused_2026_07_28_cleanly_and_falls_back_to_2025_11_25()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync();
        Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "get_objects");
    }

    [Fact]
    public async Task A_client_pinned_to_2026_07_28_gets_a_clear_refusal()
    {
        await using var host = new ServerHost();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.ConnectAsync("2026-07-28"));
        Assert.Contains("2026-07-28", error.Message, StringComparison.Ordinal);
    }
}
