using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Sandbox;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Account mode against a separate "Ontraport" (the sandbox on its own Kestrel socket) through ONTRAPORT_BASE_URL:
/// real HTTP both ways, and every upstream request carries the configured account's credentials.
/// </summary>
public class AccountModeTests
{
    [Fact]
    public async Task Account_mode_sends_the_configured_credentials_to_the_configured_base_url()
    {
        var (upstream, address) = await StartSandboxAsync();
        await using var _ = upstream;
        var baseUrl = address + "/1/";
        await using var host = new ServerHost(
            ("ONTRAPORT_APP_ID", "2_AppID_777"), ("ONTRAPORT_API_KEY", "account-key-123456"), ("ONTRAPORT_BASE_URL", baseUrl));
        await using var client = await host.ConnectAsync();

        var record = (await client.CallAsync("get_objects", new { object_type = "contacts", id = 2 })).Ok();
        Assert.Equal("Jane", record["firstname"]!.GetValue<string>());

        var account = upstream.Services.GetRequiredService<OntraportSandbox>().Account("2_AppID_777");
        Assert.NotEmpty(account.Requests);
        Assert.All(account.Requests, r => Assert.Equal("account-key-123456", r.ApiKey));
        Assert.Empty(host.Sandbox.Account(Hosting.ServerSettings.SandboxAppId).Requests);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("account-key-123456", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credentials_imply_account_mode_and_a_missing_key_in_account_mode_stops_the_start()
    {
        await using var broken = new ServerHost(("ONTRAPORT_MCP_MODE", "account"), ("ONTRAPORT_APP_ID", "2_AppID_1"));
        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        Assert.Contains("ONTRAPORT_API_KEY", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_upstream_is_a_clear_error_not_a_crash()
    {
        await using var host = new ServerHost(("ONTRAPORT_APP_ID", "2_AppID_777"), ("ONTRAPORT_API_KEY", "account-key-123456"), ("ONTRAPORT_BASE_URL", "http://127.0.0.1:9/1/"));
        await using var client = await host.ConnectAsync();
        var error = (await client.CallAsync("get_objects", new { object_type = "contacts", id = 2 })).Error();
        Assert.Contains("Could not reach Ontraport", error, StringComparison.Ordinal);
    }

    private static async Task<(WebApplication App, string Address)> StartSandboxAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddOntraportSandbox();
        var app = builder.Build();
        app.MapOntraportSandbox("/1");
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}
