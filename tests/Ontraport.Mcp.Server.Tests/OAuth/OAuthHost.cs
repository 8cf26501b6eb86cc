using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Client;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Mcp.Server.OAuth;
using Ontraport.Sandbox;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>
/// A real host with the OAuth module over TestServer: a fresh SQLite file and key ring per host, the embedded sandbox
/// as Ontraport (refusing <see cref="WrongKey"/>), and <c>POST /mcp</c> as the protected endpoint the lead's MCP
/// endpoint will be: it resolves the grant and makes one Ontraport request with its credentials.
/// </summary>
internal sealed partial class OAuthHost : IAsyncDisposable
{
    public const string WrongKey = "wrong-key-0000";
    public const string AdminToken = "admin-token-for-tests-0123456789abcdef";

    private OAuthHost(WebApplication app, OntraportSandbox sandbox, string directory)
    {
        App = app;
        Sandbox = sandbox;
        Directory = directory;
        Http = app.GetTestServer().CreateClient();
        Http.BaseAddress = new Uri(app.Services.GetRequiredService<OAuthSettings>().PublicUrl.AbsoluteUri);
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public OntraportSandbox Sandbox { get; }

    public string Directory { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<OAuthHost> StartAsync(HttpMessageHandler? metadataDocuments = null, string publicUrl = "http://localhost", string? keyRingDirectory = null, string? databasePath = null, Action<IServiceCollection>? services = null, Action<WebApplication>? endpoints = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ontraport-oauth-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ONTRAPORT_MCP_PUBLIC_URL"] = publicUrl,
            ["ONTRAPORT_MCP_DATABASE"] = databasePath ?? Path.Combine(directory, "db", "ontraport-mcp.db"),
            ["ONTRAPORT_MCP_DATA_PROTECTION_KEYS"] = keyRingDirectory ?? Path.Combine(directory, "keys"),
            ["ONTRAPORT_MCP_OAUTH_ADMIN_TOKEN"] = AdminToken,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var sandbox = new OntraportSandbox(new SandboxOptions { RejectedApiKeys = new HashSet<string> { WrongKey } });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sandbox);
        builder.Services.AddOntraportClient(options => options.BaseAddress = ServerSettings.InProcessSandboxBase)
            .ConfigurePrimaryHttpMessageHandler(() => new SandboxHttpMessageHandler(sandbox));
        builder.Services.AddOntraportOAuth(builder.Configuration);
        if (metadataDocuments is not null)
        {
            builder.Services.AddHttpClient(ClientRegistry.MetadataHttpClient).ConfigurePrimaryHttpMessageHandler(() => metadataDocuments);
        }

        builder.Services.AddAuthorization();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOntraportOAuth();
        if (endpoints is not null)
        {
            endpoints(app);
            await app.StartAsync();
            return new OAuthHost(app, sandbox, directory);
        }

        app.MapPost("/mcp", async (HttpContext http, OAuthGrantResolver resolver, OntraportClientFactory ontraport) =>
        {
            var account = await resolver.ResolveAsync(http.User, http.RequestAborted);
            if (account is null)
            {
                return Results.StatusCode(401);
            }

            await ontraport.Create(account.Credentials).Objects.GetMetaAsync(0, http.RequestAborted);
            return Results.Json(new
            {
                grant_id = account.GrantId,
                app_id = account.Credentials.AppId,
                client_name = account.ClientName,
                read_only = account.Allowance.ReadOnly,
                toolsets = account.Allowance.Toolsets.Order().ToArray(),
                money = account.Allowance.Money,
            });
        }).RequireAuthorization(OAuthDefaults.Policy);
        await app.StartAsync();
        return new OAuthHost(app, sandbox, directory);
    }

    public async Task<int> CountAsync(Func<OAuthDbContext, IQueryable<object>> query)
    {
        using var scope = Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<OAuthDbContext>()).CountAsync();
    }

    public Task<int> ApplicationCountAsync() => CountAsync(db => db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>());

    public Task<int> GrantCountAsync() => CountAsync(db => db.Grants);

    /// <summary>RFC 7591 registration; returns the client_id.</summary>
    public async Task<string> RegisterAsync(string redirectUri, string name = "Test Client")
    {
        using var response = await Http.PostAsync("oauth/register", JsonContent(new { client_name = name, redirect_uris = new[] { redirectUri }, token_endpoint_auth_method = "none" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("client_id").GetString()!;
    }

    public static StringContent JsonContent(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (verifier, challenge);
    }

    public static string AuthorizeUrl(string clientId, string redirectUri, string challenge, string? resource = "http://localhost/mcp", string method = "S256", string state = "state-123", string? scope = "ontraport") =>
        "oauth/authorize?response_type=code&client_id=" + Uri.EscapeDataString(clientId) + "&redirect_uri=" + Uri.EscapeDataString(redirectUri)
        + (scope is null ? string.Empty : "&scope=" + Uri.EscapeDataString(scope))
        + "&state=" + state + "&code_challenge=" + Uri.EscapeDataString(challenge) + "&code_challenge_method=" + method
        + (resource is null ? string.Empty : "&resource=" + Uri.EscapeDataString(resource));

    /// <summary>GET the consent page; returns it with the antiforgery cookie to send back.</summary>
    public Task<ConsentForm> OpenConsentAsync(string authorizeUrl) => OpenConsentAsync(Http, authorizeUrl);

    /// <summary>GET the consent page of any host; returns it with the antiforgery cookie to send back.</summary>
    public static async Task<ConsentForm> OpenConsentAsync(HttpClient http, string authorizeUrl)
    {
        using var response = await http.GetAsync(authorizeUrl);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"consent page: {(int)response.StatusCode} {html}");
        var cookie = string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var hidden = HiddenField().Matches(html).Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        return new ConsentForm(html, cookie, hidden);
    }

    /// <summary>POST the consent form as a browser would.</summary>
    public Task<HttpResponseMessage> SubmitConsentAsync(ConsentForm form, string appId, string apiKey, bool readOnly = false, string[]? toolsets = null, bool money = false, bool withCsrf = true, IEnumerable<KeyValuePair<string, string>>? extra = null, string decision = "allow") =>
        SubmitConsentAsync(Http, form, appId, apiKey, readOnly, toolsets, money, withCsrf, extra, decision);

    /// <summary>POST the consent form of any host as a browser would.</summary>
    public static async Task<HttpResponseMessage> SubmitConsentAsync(HttpClient http, ConsentForm form, string appId, string apiKey, bool readOnly = false, string[]? toolsets = null, bool money = false, bool withCsrf = true, IEnumerable<KeyValuePair<string, string>>? extra = null, string decision = "allow")
    {
        var fields = form.Hidden.Where(f => withCsrf || f.Key != ConsentPage.CsrfField).ToList();
        fields.Add(KeyValuePair.Create("app_id", appId));
        fields.Add(KeyValuePair.Create("api_key", apiKey));
        fields.Add(KeyValuePair.Create("access", readOnly ? "read_only" : "read_write"));
        foreach (var toolset in toolsets ?? ["crud", "query", "manage", "commerce"])
        {
            fields.Add(KeyValuePair.Create("toolsets", toolset));
        }

        if (money)
        {
            fields.Add(KeyValuePair.Create("money", "on"));
        }

        fields.AddRange(extra ?? []);
        fields.Add(KeyValuePair.Create("decision", decision));
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/authorize") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Cookie", form.Cookie);
        return await http.SendAsync(request);
    }

    /// <summary>Consent and return the code from the redirect (asserting iss and state on the way).</summary>
    public async Task<string> AuthorizeAsync(string clientId, string redirectUri, string challenge, string appId, string apiKey = "key-of-the-account", bool readOnly = false, string[]? toolsets = null, bool money = false)
    {
        var form = await OpenConsentAsync(AuthorizeUrl(clientId, redirectUri, challenge));
        using var response = await SubmitConsentAsync(form, appId, apiKey, readOnly, toolsets, money);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"consent answer {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!;
        Assert.StartsWith(redirectUri, location.AbsoluteUri, StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("http://localhost/", query["iss"].ToString()); // RFC 9207
        Assert.Equal("state-123", query["state"].ToString());
        return query["code"].ToString();
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var response = await Http.PostAsync("oauth/token", new FormUrlEncodedContent(fields));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> RedeemAsync(string clientId, string redirectUri, string code, string verifier, string resource = "http://localhost/mcp") =>
        TokenAsync([
            new("grant_type", "authorization_code"), new("client_id", clientId), new("redirect_uri", redirectUri),
            new("code", code), new("code_verifier", verifier), new("resource", resource)]);

    public Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(string clientId, string refreshToken) =>
        TokenAsync([new("grant_type", "refresh_token"), new("client_id", clientId), new("refresh_token", refreshToken)]);

    public async Task<HttpStatusCode> RevokeAsync(string clientId, string token)
    {
        using var response = await Http.PostAsync("oauth/revoke", new FormUrlEncodedContent([new("client_id", clientId), new("token", token)]));
        return response.StatusCode;
    }

    public async Task<(HttpStatusCode Status, JsonElement? Body, string? Challenge)> CallAsync(string? accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement? body = response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.Clone() : null;
        var challenge = response.Headers.WwwAuthenticate.Count > 0 ? string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString())) : null;
        return (response.StatusCode, body, challenge);
    }

    /// <summary>The whole sign-in for one account through one client: returns the token response.</summary>
    public async Task<JsonElement> SignInAsync(string clientId, string redirectUri, string appId, string apiKey = "key-of-the-account")
    {
        var (verifier, challenge) = Pkce();
        var code = await AuthorizeAsync(clientId, redirectUri, challenge, appId, apiKey);
        var (status, body) = await RedeemAsync(clientId, redirectUri, code, verifier);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>
    /// The MCP C# SDK's own OAuth client, connected to <paramref name="mcp"/>: discovery from the 401, registration as
    /// <paramref name="clientName"/>, then its authorization step as a browser: <paramref name="browser"/> (cookies kept
    /// by hand, redirects not followed) opens the consent page, <paramref name="consent"/> submits it, and the code, state
    /// and iss of the redirect go back to the SDK, which redeems them and retries. With <paramref name="clientId"/> the SDK
    /// skips registration and signs in through that client; <paramref name="tokenCache"/> lets the test read its tokens.
    /// </summary>
    public static async Task<ModelContextProtocol.Client.McpClient> ConnectSdkClientAsync(HttpClient mcp, HttpClient browser, string clientName,
        Func<ConsentForm, Task<HttpResponseMessage>> consent, string redirectUri = "http://127.0.0.1:43210/callback",
        string? clientId = null, ModelContextProtocol.Authentication.ITokenCache? tokenCache = null)
    {
        async Task<ModelContextProtocol.Authentication.AuthorizationResult?> BrowserAsync(ModelContextProtocol.Authentication.AuthorizationCallbackContext context, CancellationToken cancellationToken)
        {
            var form = await OpenConsentAsync(browser, context.AuthorizationUri.PathAndQuery.TrimStart('/'));
            Assert.Contains(clientName, form.Html, StringComparison.Ordinal); // the page names who is asking
            using var response = await consent(form);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(response.Headers.Location!.Query);
            return new() { Code = query["code"], State = query["state"], Iss = query["iss"] };
        }

        var transport = new ModelContextProtocol.Client.HttpClientTransport(new ModelContextProtocol.Client.HttpClientTransportOptions
        {
            Endpoint = new Uri(mcp.BaseAddress!, "/mcp"),
            TransportMode = ModelContextProtocol.Client.HttpTransportMode.StreamableHttp,
            OAuth = new ModelContextProtocol.Authentication.ClientOAuthOptions
            {
                RedirectUri = new Uri(redirectUri),
                ClientId = clientId, // a client registered once that several people sign in through (every Claude user shares one)
                DynamicClientRegistration = clientId is null ? new() { ClientName = clientName } : null,
                TokenCache = tokenCache,
                AuthorizationCallbackHandler = BrowserAsync,
            },
        }, mcp, ownsHttpClient: true);
        return await ModelContextProtocol.Client.McpClient.CreateAsync(transport);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}

internal sealed record ConsentForm(string Html, string Cookie, List<KeyValuePair<string, string>> Hidden);
