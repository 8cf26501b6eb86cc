using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Mcp.Server.Hosting.Authentication;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>
/// The real server (Program) with <c>ONTRAPORT_MCP_MODE=oauth</c>, driven by the SDK's own OAuth client: discovery from
/// the MCP endpoint's 401, registration, consent, code + PKCE, then tools/list and tool calls on the real tools, bounded
/// by what the consent allowed, on the signed-in account's credentials; and a key that stops working ends the grant.
/// </summary>
public sealed class OAuthModeEndToEndTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "oauth-mode-" + Guid.NewGuid().ToString("N"));
    private ServerHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new ServerHost(
            ("ONTRAPORT_MCP_MODE", "oauth"),
            ("ONTRAPORT_MCP_PUBLIC_URL", "http://localhost"),
            ("ONTRAPORT_MCP_DATABASE", Path.Combine(_directory, "oauth.db")),
            ("ONTRAPORT_MCP_DATA_PROTECTION_KEYS", Path.Combine(_directory, "keys")),
            ("ONTRAPORT_BASE_URL", "embedded"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<McpClient> SignInAsync(string appId, string apiKey, bool readOnly, string[] toolsets, bool money = false)
    {
        // A browser of its own: it keeps the consent page's cookie by hand and does not follow the redirect to the client.
        var browser = _host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        return await OAuthHost.ConnectSdkClientAsync(_host.CreateDefaultClient(), browser, "Claude-like test client",
            form => OAuthHost.SubmitConsentAsync(browser, form, appId, apiKey, readOnly, toolsets, money));
    }

    [Fact]
    public async Task A_signed_in_client_sees_and_calls_only_what_its_consent_allowed_on_its_own_account()
    {
        await using var client = await SignInAsync("2_oauth_reader", "reader-key-123456", readOnly: true, ["crud", "query"]);
        // The SDK's OAuth client settles on the initialize era after its first (2026-07-28) probe meets the 401.
        Assert.Contains(client.NegotiatedProtocolVersion, McpEndpoint.SupportedVersions);

        var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.Contains("get_objects", tools);
        Assert.DoesNotContain("update_object", tools); // read-only consent
        Assert.DoesNotContain("get_invoices", tools);  // commerce was not granted

        var page = (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 2 })).Ok();
        Assert.Equal(2, page["returned"]!.GetValue<int>());
        Assert.Contains("not available here", (await client.CallAsync("delete_object", new { object_type = "contacts", id = 1 })).Error(), StringComparison.Ordinal);

        var account = _host.Sandbox.Account("2_oauth_reader");
        Assert.NotEmpty(account.Requests);
        Assert.All(account.Requests, r => Assert.Equal("reader-key-123456", r.ApiKey));
        Assert.DoesNotContain(_host.Logs.Lines, l => l.Contains("reader-key-123456", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Money_is_off_unless_ticked_and_a_key_that_stops_working_ends_the_grant()
    {
        await using var client = await SignInAsync("2_oauth_clerk", "clerk-key-123456", readOnly: false, ["commerce"]);
        var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.Contains("get_invoices", tools);
        Assert.DoesNotContain("process_transaction", tools);

        _host.Sandbox.RevokeApiKey("clerk-key-123456");
        var error = (await client.CallAsync("get_invoices", new { limit = 1 })).Error();
        Assert.Contains("Reconnect", error, StringComparison.Ordinal);
        Assert.DoesNotContain("clerk-key-123456", error, StringComparison.Ordinal);

        // The grant is over: the same access token is refused on its next call, not at its expiry.
        var next = await Assert.ThrowsAnyAsync<Exception>(() => client.CallAsync("get_invoices", new { limit = 1 }));
        Assert.NotNull(next);
    }

    [Fact]
    public async Task Without_a_token_the_endpoint_is_401_pointing_at_the_resource_metadata_and_api_headers_do_not_count()
    {
        using var http = _host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("Api-Appid", "2_header_account");
        request.Headers.Add("Api-Key", "header-key-123456");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("resource_metadata=", challenge, StringComparison.Ordinal);
        Assert.Contains("scope=", challenge, StringComparison.Ordinal);
        Assert.Empty(_host.Sandbox.Account("2_header_account").Requests);

        using var metadata = await http.GetAsync("/.well-known/oauth-protected-resource/mcp");
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        Assert.Contains("http://localhost/mcp", await metadata.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ServerMode.OAuth, _host.Services.GetRequiredService<ServerSettings>().Mode);
    }
}
