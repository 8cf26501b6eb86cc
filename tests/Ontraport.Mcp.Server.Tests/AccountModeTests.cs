using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
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

    [Fact]
    public async Task A_create_Ontraport_accepted_without_returning_the_record_is_reported_done_with_how_to_find_it()
    {
        // An upstream that creates the record, then answers code 0 with no record (as a proxy or an API change might).
        var (upstream, address) = await StartSandboxAsync(async (context, next) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/1/objects")
            {
                await next();
                return;
            }

            var body = context.Response.Body;
            using var discarded = new MemoryStream();
            context.Response.Body = discarded;
            await next();
            context.Response.Body = body;
            context.Response.ContentLength = null;
            await context.Response.WriteAsync("""{"code":0,"data":[],"account_id":187157}""");
        });
        await using var _ = upstream;
        await using var host = new ServerHost(("ONTRAPORT_APP_ID", "2_AppID_777"), ("ONTRAPORT_API_KEY", "account-key-123456"), ("ONTRAPORT_BASE_URL", address + "/1/"));
        await using var client = await host.ConnectAsync();

        var answer = (await client.CallAsync("create_object", new { object_type = "contacts", values = new { firstname = "Nora", email = "nora@example.com" } })).Ok();

        Assert.Equal("Contact", answer["created"]!.GetValue<string>());
        Assert.Null(answer["id"]);
        Assert.Contains("It exists: find it with get_objects (condition: email = nora@example.com)", answer["note"]!.GetValue<string>(), StringComparison.Ordinal);
        var account = upstream.Services.GetRequiredService<OntraportSandbox>().Account("2_AppID_777");
        Assert.Single(account.Requests, r => r.Method == "POST" && r.Path == "objects"); // sent once, never retried
        Assert.Contains(account.All(0), c => c["email"] == "nora@example.com");
        Assert.Empty(host.Logs.Errors);
    }

    private static async Task<(WebApplication App, string Address)> StartSandboxAsync(Func<HttpContext, Func<Task>, Task>? middleware = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddOntraportSandbox();
        var app = builder.Build();
        if (middleware is not null)
        {
            app.Use(middleware);
        }

        app.MapOntraportSandbox("/1");
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}
