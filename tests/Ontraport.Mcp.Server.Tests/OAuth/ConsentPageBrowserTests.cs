using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ModelContextProtocol.Client;
using Xunit.Abstractions;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>
/// The consent page in a real browser: Debian's headless Chromium driven by Playwright (never a downloaded browser)
/// against the real server in oauth mode on Kestrel, with the client's loopback redirect listener at the other end.
/// Every test keeps a screenshot under the test output (artifacts/screenshots) and prints its path.
/// </summary>
public sealed class ConsentPageBrowserTests(ConsentPageBrowserTests.Chromium chromium, ITestOutputHelper output)
    : IClassFixture<ConsentPageBrowserTests.Chromium>, IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private const string ClientName = "Browser Test Client";

    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    private OAuthLoopbackServer _server = null!;
    private LoopbackRedirectReceiver _client = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private string _verifier = null!;
    private string _authorizeUrl = null!;
    private string _clientId = null!;

    public async Task InitializeAsync()
    {
        _server = new OAuthLoopbackServer();
        _client = await LoopbackRedirectReceiver.StartAsync();
        using var http = new HttpClient { BaseAddress = _server.PublicUrl };
        using var registration = await http.PostAsync("oauth/register", OAuthHost.JsonContent(new
        {
            client_name = ClientName,
            redirect_uris = new[] { _client.RedirectUri.AbsoluteUri },
            token_endpoint_auth_method = "none",
        }));
        Assert.Equal(HttpStatusCode.Created, registration.StatusCode);
        _clientId = (await registration.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("client_id").GetString()!;
        (_verifier, var challenge) = OAuthHost.Pkce();
        _authorizeUrl = new Uri(_server.PublicUrl, OAuthHost.AuthorizeUrl(_clientId, _client.RedirectUri.AbsoluteUri, challenge, _server.McpUrl.AbsoluteUri)).AbsoluteUri;
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [BrowserFact]
    public async Task The_page_names_the_client_and_the_host_it_will_redirect_to()
    {
        var response = await _page.GotoAsync(_authorizeUrl);
        Assert.Equal(200, response!.Status);

        await Assertions.Expect(_page).ToHaveTitleAsync("Connect to Ontraport");
        await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(ClientName);
        await Assertions.Expect(_page.GetByRole(AriaRole.Main)).ToContainTextAsync("you will be sent back to 127.0.0.1");
        Assert.Equal("no-store", response.Headers["cache-control"]);
        await ScreenshotAsync("consent-page");
    }

    [BrowserFact]
    public async Task A_wrong_API_key_is_a_message_on_the_page_and_no_code_reaches_the_client()
    {
        _server.Host.Sandbox.RevokeApiKey("revoked-key-0123456789");
        await _page.GotoAsync(_authorizeUrl);
        await _page.GetByLabel("Ontraport App ID").FillAsync("2_browser_wrong");
        await _page.GetByLabel("Ontraport API key").FillAsync("revoked-key-0123456789");

        var answer = await _page.RunAndWaitForResponseAsync(
            () => _page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/oauth/authorize", StringComparison.Ordinal));

        Assert.Equal(400, answer.Status);
        await Assertions.Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Ontraport did not accept this App ID and API key");
        // The form is back, the App ID kept for the retry, the key not echoed.
        await Assertions.Expect(_page.GetByLabel("Ontraport App ID")).ToHaveValueAsync("2_browser_wrong");
        await Assertions.Expect(_page.GetByLabel("Ontraport API key")).ToHaveValueAsync(string.Empty);
        Assert.DoesNotContain("revoked-key-0123456789", await _page.ContentAsync(), StringComparison.Ordinal);
        Assert.StartsWith(_server.PublicUrl.AbsoluteUri, _page.Url, StringComparison.Ordinal);
        await ScreenshotAsync("wrong-key");

        Assert.Empty(_client.Received);
        Assert.Equal(0, await GrantCountAsync());
    }

    [BrowserFact]
    public async Task The_right_key_and_a_read_only_choice_redirect_to_the_client_with_code_state_and_iss()
    {
        await _page.GotoAsync(_authorizeUrl);
        await _page.GetByLabel("Ontraport App ID").FillAsync("2_browser_reader");
        await _page.GetByLabel("Ontraport API key").FillAsync("reader-key-0123456789");
        await _page.GetByRole(AriaRole.Radio, new() { Name = "Read only" }).CheckAsync();
        await _page.GetByRole(AriaRole.Checkbox, new() { Name = "Commerce (orders" }).UncheckAsync();
        await ScreenshotAsync("read-only-choice");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();

        var redirect = await _client.FirstAsync.WaitAsync(TimeSpan.FromSeconds(30));
        await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Signed in" })).ToBeVisibleAsync();
        Assert.StartsWith(_client.RedirectUri.AbsoluteUri, _page.Url, StringComparison.Ordinal);
        Assert.Equal("state-123", redirect["state"].ToString());
        Assert.Equal(_server.PublicUrl.AbsoluteUri, redirect["iss"].ToString()); // RFC 9207
        var code = redirect["code"].ToString();
        Assert.False(string.IsNullOrEmpty(code));

        // The code is good for tokens, and the server enforces what was chosen: reads, no writes, no commerce.
        using var http = new HttpClient { BaseAddress = _server.PublicUrl };
        using var token = await http.PostAsync("oauth/token", new FormUrlEncodedContent([
            new("grant_type", "authorization_code"), new("client_id", _clientId), new("redirect_uri", _client.RedirectUri.AbsoluteUri),
            new("code", code), new("code_verifier", _verifier), new("resource", _server.McpUrl.AbsoluteUri)]));
        var body = await token.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(token.StatusCode == HttpStatusCode.OK, body.ToString());
        await using var mcp = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = _server.McpUrl,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + body.GetProperty("access_token").GetString() },
        }));
        var tools = (await mcp.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.Contains("get_objects", tools);
        Assert.DoesNotContain("update_object", tools);
        Assert.DoesNotContain("get_invoices", tools);
        Assert.Single(_client.Received);
    }

    [BrowserFact]
    public async Task The_page_can_be_completed_with_the_keyboard_alone_and_every_field_has_its_label()
    {
        await _page.GotoAsync(_authorizeUrl);

        // Labels are associated with their inputs: the accessible names are the visible label texts.
        await Assertions.Expect(_page.GetByRole(AriaRole.Textbox, new() { Name = "Ontraport App ID", Exact = true })).ToHaveAttributeAsync("name", "app_id");
        await Assertions.Expect(_page.GetByLabel("Ontraport API key", new() { Exact = true })).ToHaveAttributeAsync("name", "api_key");
        await Assertions.Expect(_page.GetByRole(AriaRole.Group, new() { Name = "What may it do?" }).GetByRole(AriaRole.Radio)).ToHaveCountAsync(2);
        await Assertions.Expect(_page.GetByRole(AriaRole.Radio, new() { Name = "Read only" })).ToBeCheckedAsync();
        await Assertions.Expect(_page.GetByRole(AriaRole.Group, new() { Name = "Tool groups" }).GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(6);
        await Assertions.Expect(_page.GetByRole(AriaRole.Checkbox, new() { Name = "Allow Commerce writes" })).Not.ToBeCheckedAsync();
        await Assertions.Expect(_page.GetByLabel("Ontraport App ID")).ToHaveAttributeAsync("aria-describedby", "key-help");

        // Tab order from the top of the page: App ID, API key, the allowance, then Allow (reached without a mouse).
        await TabToAsync("app_id");
        await _page.Keyboard.TypeAsync("2_browser_keyboard");
        await _page.Keyboard.PressAsync("Tab");
        Assert.Equal("api_key", await FocusedAsync("id"));
        await _page.Keyboard.TypeAsync("keyboard-key-0123456789");
        await TabToAsync("decision=allow");
        await ScreenshotAsync("keyboard-focus-on-allow");
        await _page.Keyboard.PressAsync("Enter");

        var redirect = await _client.FirstAsync.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(string.IsNullOrEmpty(redirect["code"].ToString()));
        Assert.Equal(1, await GrantCountAsync());
    }

    [BrowserFact]
    public async Task A_post_without_its_CSRF_token_is_refused_and_issues_nothing()
    {
        await _page.GotoAsync(_authorizeUrl);
        await _page.GetByLabel("Ontraport App ID").FillAsync("2_browser_forged");
        await _page.GetByLabel("Ontraport API key").FillAsync("forged-key-0123456789");
        // What a forged form on another site lacks: the token tied to this browser's antiforgery cookie.
        await _page.Locator("input[name=csrf_token]").EvaluateAsync("input => input.remove()");

        var answer = await _page.RunAndWaitForResponseAsync(
            () => _page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/oauth/authorize", StringComparison.Ordinal));

        Assert.Equal(400, answer.Status);
        await Assertions.Expect(_page.GetByRole(AriaRole.Main)).ToContainTextAsync("CSRF token is missing or wrong");
        await ScreenshotAsync("csrf-refused");
        Assert.Empty(_client.Received);
        Assert.Equal(0, await GrantCountAsync());
        Assert.Empty(_server.Host.Sandbox.Account("2_browser_forged").Requests); // the key was not even tried
    }

    /// <summary>Presses Tab until the element described by <paramref name="target"/> ("id" or "name=value") has focus.</summary>
    private async Task TabToAsync(string target)
    {
        for (var presses = 0; presses < 30; presses++)
        {
            await _page.Keyboard.PressAsync("Tab");
            var focused = target.Contains('=', StringComparison.Ordinal) ? await FocusedAsync("name") + "=" + await FocusedAsync("value") : await FocusedAsync("id");
            if (focused == target)
            {
                return;
            }
        }

        Assert.Fail($"'{target}' cannot be reached with the Tab key.");
    }

    private Task<string> FocusedAsync(string attribute) =>
        _page.EvaluateAsync<string>("attribute => document.activeElement?.getAttribute(attribute) ?? ''", attribute);

    private async Task<int> GrantCountAsync()
    {
        using var http = new HttpClient { BaseAddress = _server.PublicUrl };
        http.DefaultRequestHeaders.Authorization = new("Bearer", OAuthLoopbackServer.AdminToken);
        return (await http.GetFromJsonAsync<JsonElement>("oauth/admin/grants")).GetArrayLength();
    }

    private async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(Screenshots);
        var path = Path.Combine(Screenshots, name + ".png");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine("screenshot: " + path);
    }

    /// <summary>One Playwright driver and one headless Debian Chromium for the class; each test has its own context.</summary>
    public sealed class Chromium : IAsyncLifetime
    {
        private IPlaywright? _playwright;

        public IBrowser Browser { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            if (!File.Exists(ChromiumPath))
            {
                return; // every test is skipped and says why
            }

            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        }

        public async Task DisposeAsync()
        {
            if (Browser is not null)
            {
                await Browser.DisposeAsync();
            }

            _playwright?.Dispose();
        }
    }

    /// <summary>Skipped, with the reason shown, unless Debian's chromium is installed.</summary>
    public sealed class BrowserFactAttribute : FactAttribute
    {
        public BrowserFactAttribute()
        {
            if (!File.Exists(ChromiumPath))
            {
                Skip = $"{ChromiumPath} is not installed (Debian package chromium; .ci/run installs it).";
            }
        }
    }
}
