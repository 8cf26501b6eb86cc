using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Client;
using Ontraport.Mcp.Server.Tests.OAuth;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, high: two people sign in through the same client (every Claude user shares one client ID) to the same
/// Ontraport App ID. Each consent is its own grant with its own key and allowance; a token stays bound to the grant that
/// issued it, and ending one grant leaves the other alone. The real server, the SDK's own OAuth client for both people.
/// </summary>
public sealed class OAuthGrantIsolationTests : IAsyncLifetime
{
    private const string AppId = "2_shared_account";
    private const string KeyOne = "person-one-key-K1xx";
    private const string KeyTwo = "person-two-key-K2yy";
    private const string Redirect = "http://127.0.0.1:43210/callback";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "oauth-isolation-" + Guid.NewGuid().ToString("N"));
    private ServerHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new ServerHost(
            ("ONTRAPORT_MCP_MODE", "oauth"),
            ("ONTRAPORT_MCP_PUBLIC_URL", "http://localhost"),
            ("ONTRAPORT_MCP_DATABASE", Path.Combine(_directory, "oauth.db")),
            ("ONTRAPORT_MCP_DATA_PROTECTION_KEYS", Path.Combine(_directory, "keys")),
            ("ONTRAPORT_MCP_OAUTH_ADMIN_TOKEN", OAuthHost.AdminToken),
            ("ONTRAPORT_BASE_URL", "embedded"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_second_consent_on_the_same_client_and_account_leaves_the_first_persons_token_its_own_key_and_allowance()
    {
        var clientId = await RegisterAsync();

        // Person 1: read only, key K1.
        var oneConsents = 0;
        var oneTokens = new SavedTokens();
        await using var one = await SignInAsync(clientId, KeyOne, readOnly: true, money: false, oneTokens, () => oneConsents++);
        var oneTools = await ToolNamesAsync(one);
        Assert.DoesNotContain("create_object", oneTools);
        (await one.CallAsync("get_objects", new { object_type = "contacts", limit = 1 })).Ok();
        Assert.Equal(KeyOne, LastRequest().ApiKey);

        // Person 2: read and change, money on, key K2, through the same client to the same App ID.
        var twoTokens = new SavedTokens();
        await using var two = await SignInAsync(clientId, KeyTwo, readOnly: false, money: true, twoTokens, () => { });
        Assert.Contains("process_transaction", await ToolNamesAsync(two));
        (await two.CallAsync("get_objects", new { object_type = "contacts", limit = 1 })).Ok();
        Assert.Equal(KeyTwo, LastRequest().ApiKey);

        // Person 1's same token: still read only, still K1.
        Assert.Equal(oneTools, await ToolNamesAsync(one));
        var writesBefore = _host.Sandbox.Account(AppId).Requests.Count(r => r.Method != "GET");
        Assert.Contains("not available here", (await one.CallAsync("create_object", new { object_type = "contacts", values = new { firstname = "Mallory" } })).Error(), StringComparison.Ordinal);
        Assert.Equal(writesBefore, _host.Sandbox.Account(AppId).Requests.Count(r => r.Method != "GET"));
        (await one.CallAsync("get_objects", new { object_type = "contacts", limit = 1 })).Ok();
        Assert.Equal(KeyOne, LastRequest().ApiKey);

        // The operator sees two grants, told apart without any key.
        var listed = await AdminGrantsAsync();
        Assert.DoesNotContain(KeyOne, listed.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(KeyTwo, listed.GetRawText(), StringComparison.Ordinal);
        var grants = listed.EnumerateArray().Where(g => g.GetProperty("client_id").GetString() == clientId).ToList();
        Assert.Equal(2, grants.Count);
        Assert.All(grants, g => Assert.Equal(AppId, g.GetProperty("app_id").GetString()));
        Assert.Equal(["ro crud query manage commerce", "rw crud query manage commerce money"], grants.Select(g => g.GetProperty("allowance").GetString()).Order());
        Assert.Equal(2, grants.Select(g => g.GetProperty("grant_id").GetString()).Distinct().Count());
        Assert.All(grants, g => Assert.NotEqual(JsonValueKind.Null, g.GetProperty("last_used_at").ValueKind));

        // Person 2 signs out (RFC 7009 revocation of its refresh token): its tokens stop, person 1 goes on untouched.
        var twoSaved = (await twoTokens.GetTokensAsync(CancellationToken.None))!;
        using (var http = _host.CreateClient())
        using (var revoke = await http.PostAsync("oauth/revoke", new FormUrlEncodedContent([new("client_id", clientId), new("token", twoSaved.RefreshToken!)])))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await RawCallStatusAsync(twoSaved.AccessToken));
        var oneSaved = (await oneTokens.GetTokensAsync(CancellationToken.None))!;
        Assert.Equal(HttpStatusCode.OK, await RawCallStatusAsync(oneSaved.AccessToken));
        (await one.CallAsync("get_objects", new { object_type = "contacts", limit = 1 })).Ok();
        Assert.Equal(KeyOne, LastRequest().ApiKey);
        Assert.Equal(1, oneConsents); // person 1 was never sent back to the consent page

        var after = (await AdminGrantsAsync()).EnumerateArray().Where(g => g.GetProperty("client_id").GetString() == clientId).ToList();
        Assert.Single(after, g => g.GetProperty("revoked_at").ValueKind == JsonValueKind.Null);
        Assert.Equal("ro crud query manage commerce", after.Single(g => g.GetProperty("revoked_at").ValueKind == JsonValueKind.Null).GetProperty("allowance").GetString());
    }

    [Fact]
    public async Task The_operator_revoking_one_persons_grant_leaves_the_other_person_signed_in()
    {
        var clientId = await RegisterAsync();
        var oneTokens = new SavedTokens();
        var twoTokens = new SavedTokens();
        await using var one = await SignInAsync(clientId, KeyOne, readOnly: true, money: false, oneTokens, () => { });
        await using var two = await SignInAsync(clientId, KeyTwo, readOnly: false, money: false, twoTokens, () => { });

        var twoGrant = (await AdminGrantsAsync()).EnumerateArray().Single(g => g.GetProperty("allowance").GetString()!.StartsWith("rw", StringComparison.Ordinal));
        using (var http = _host.CreateClient())
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"oauth/admin/grants/{twoGrant.GetProperty("grant_id").GetString()}/revoke"))
        {
            request.Headers.Authorization = new("Bearer", OAuthHost.AdminToken);
            using var revoked = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await RawCallStatusAsync((await twoTokens.GetTokensAsync(CancellationToken.None))!.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await RawCallStatusAsync((await oneTokens.GetTokensAsync(CancellationToken.None))!.AccessToken));
    }

    private async Task<string> RegisterAsync()
    {
        using var http = _host.CreateClient();
        using var response = await http.PostAsync("oauth/register", OAuthHost.JsonContent(new { client_name = "Shared client", redirect_uris = new[] { Redirect }, token_endpoint_auth_method = "none" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("client_id").GetString()!;
    }

    private async Task<McpClient> SignInAsync(string clientId, string apiKey, bool readOnly, bool money, ITokenCache tokens, Action consented)
    {
        var browser = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        return await OAuthHost.ConnectSdkClientAsync(_host.CreateDefaultClient(), browser, "Shared client", form =>
        {
            consented();
            return OAuthHost.SubmitConsentAsync(browser, form, AppId, apiKey, readOnly, ["crud", "query", "manage", "commerce"], money);
        }, Redirect, clientId, tokens);
    }

    private static async Task<List<string>> ToolNamesAsync(McpClient client) => [.. (await client.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal)];

    private Ontraport.Sandbox.SandboxRecordedRequest LastRequest() => _host.Sandbox.Account(AppId).Requests[^1];

    private async Task<JsonElement> AdminGrantsAsync()
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "oauth/admin/grants");
        request.Headers.Authorization = new("Bearer", OAuthHost.AdminToken);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    /// <summary>The SDK's token cache, readable by the test (the SDK's own in-memory one is internal).</summary>
    private sealed class SavedTokens : ITokenCache
    {
        private TokenContainer? _tokens;

        public ValueTask StoreTokensAsync(TokenContainer tokens, CancellationToken cancellationToken)
        {
            _tokens = tokens;
            return ValueTask.CompletedTask;
        }

        public ValueTask<TokenContainer?> GetTokensAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_tokens);
    }

    private async Task<HttpStatusCode> RawCallStatusAsync(string accessToken)
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
