using System.Net;
using Ontraport.Mcp.Server.Tests.OAuth;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, medium: wrong-key POSTs to the consent page each cost the tenant an Ontraport request, and slowed its own
/// calls from about 1 s to 45 s. The key check (one upstream request) is now limited per client address and per App ID
/// (ASP.NET Core's rate limiter); past the limit the person reads a sentence on a 429 page and nothing goes upstream. A
/// refused key is logged at most once a minute per App ID.
/// </summary>
public sealed class OAuthKeyCheckLimitTests : IAsyncLifetime
{
    private const string Redirect = "https://claude.example/api/mcp/auth_callback";
    private readonly FakeClock _clock = new(TimeProvider.System.GetUtcNow()); // near real time: cookies and Data Protection read the system clock
    private OAuthLoopbackServer _server = null!;
    private string _clientId = null!;

    public async Task InitializeAsync()
    {
        _server = new OAuthLoopbackServer(_clock,
            ("ONTRAPORT_MCP_TRUSTED_PROXIES", "127.0.0.1"),
            ("ONTRAPORT_MCP_OAUTH_KEY_CHECKS_PER_MINUTE", "3"));
        _server.Host.Sandbox.RevokeApiKey(OAuthHost.WrongKey);
        using var http = Browser("198.51.100.1");
        using var response = await http.PostAsync("oauth/register", OAuthHost.JsonContent(new { client_name = "Claude", redirect_uris = new[] { Redirect }, token_endpoint_auth_method = "none" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        _clientId = json.RootElement.GetProperty("client_id").GetString()!;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task One_address_checks_at_most_the_limit_of_keys_a_minute_and_the_next_costs_no_upstream_request()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await ConsentAsync("203.0.113.5", "2_app_one", "key-of-app-one")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await ConsentAsync("203.0.113.5", "2_app_two", "key-of-app-two")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ConsentAsync("203.0.113.5", "2_app_two", OAuthHost.WrongKey)).Status); // wrong keys count too

        var (status, html, retryAfter) = await ConsentAsync("203.0.113.5", "2_app_three", "key-of-app-three");
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Contains("Too many", html, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent to Ontraport", html, StringComparison.Ordinal);
        Assert.Contains("name=\"api_key\"", html, StringComparison.Ordinal); // the form stays, to try again later
        Assert.True(retryAfter > 0);
        Assert.Empty(_server.Host.Sandbox.Account("2_app_three").Requests);

        // Another address is not held up by this one.
        Assert.Equal(HttpStatusCode.Redirect, (await ConsentAsync("203.0.113.6", "2_app_three", "key-of-app-three")).Status);
    }

    [Fact]
    public async Task One_App_ID_is_checked_at_most_the_limit_a_minute_whatever_the_addresses()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await ConsentAsync("203.0.113.10", "2_victim", OAuthHost.WrongKey)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ConsentAsync("203.0.113.11", "2_victim", OAuthHost.WrongKey)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ConsentAsync("203.0.113.12", "2_VICTIM", OAuthHost.WrongKey)).Status);
        var (status, html, _) = await ConsentAsync("203.0.113.13", "2_victim", "the-right-key-1234");
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Contains("this App ID", html, StringComparison.Ordinal);
        Assert.Empty(_server.Host.Sandbox.Account("2_victim").Requests); // the right key too: nothing reached Ontraport
    }

    [Fact]
    public async Task A_refused_key_is_logged_at_most_once_a_minute_per_App_ID()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await ConsentAsync("203.0.113.20", "2_logged", OAuthHost.WrongKey)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ConsentAsync("203.0.113.21", "2_logged", OAuthHost.WrongKey)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ConsentAsync("203.0.113.22", "2_other", OAuthHost.WrongKey)).Status);
        Assert.Equal(1, Lines("2_logged"));
        Assert.Equal(1, Lines("2_other"));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.BadRequest, (await ConsentAsync("203.0.113.23", "2_logged", OAuthHost.WrongKey)).Status);
        Assert.Equal(2, Lines("2_logged"));
        Assert.DoesNotContain(_server.Host.Logs.Lines, l => l.Contains(OAuthHost.WrongKey, StringComparison.Ordinal));
    }

    private int Lines(string appId) =>
        _server.Host.Logs.Lines.Count(l => l.Contains("refused the key", StringComparison.Ordinal) && l.Contains(appId, StringComparison.Ordinal));

    private HttpClient Browser(string address)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _server.PublicUrl };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return http;
    }

    private async Task<(HttpStatusCode Status, string Html, int RetryAfter)> ConsentAsync(string address, string appId, string apiKey)
    {
        using var browser = Browser(address);
        var (_, challenge) = OAuthHost.Pkce();
        var form = await OAuthHost.OpenConsentAsync(browser, OAuthHost.AuthorizeUrl(_clientId, Redirect, challenge, resource: _server.McpUrl.AbsoluteUri));
        using var response = await OAuthHost.SubmitConsentAsync(browser, form, appId, apiKey, readOnly: true, toolsets: ["query"]);
        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : 0;
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), retryAfter);
    }
}
