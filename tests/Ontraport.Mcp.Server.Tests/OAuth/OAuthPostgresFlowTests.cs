using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.OAuth;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>
/// oauth mode on a real PostgreSQL: the whole flow on one instance, the real server driven by the SDK's OAuth client,
/// and two instances sharing one database and one key ring, where whatever one instance issued the other honours.
/// </summary>
public sealed class OAuthPostgresFlowTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Redirect = "https://claude.example/api/mcp/auth_callback";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "oauth-postgres-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    [PostgresFact]
    public async Task Whole_flow_registers_consents_calls_refreshes_with_rotation_and_revokes_on_PostgreSQL()
    {
        await using var host = await OAuthHost.StartAsync(databasePath: await postgres.CreateDatabaseAsync());
        var clientId = await host.RegisterAsync(Redirect, "Claude");
        Assert.Equal(1, await host.ApplicationCountAsync());

        var (verifier, challenge) = OAuthHost.Pkce();
        var code = await host.AuthorizeAsync(clientId, Redirect, challenge, "app-pg", "key-pg", toolsets: ["crud", "commerce"], money: true);
        var (status, tokens) = await host.RedeemAsync(clientId, Redirect, code, verifier);
        Assert.Equal(HttpStatusCode.OK, status);
        var access = tokens.GetProperty("access_token").GetString()!;
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        Assert.Equal(1, await host.GrantCountAsync());

        var (callStatus, body, _) = await host.CallAsync(access);
        Assert.Equal(HttpStatusCode.OK, callStatus);
        Assert.Equal("app-pg", body!.Value.GetProperty("app_id").GetString());
        Assert.True(body.Value.GetProperty("money").GetBoolean());
        Assert.All(host.Sandbox.Account("app-pg").Requests, r => Assert.Equal("key-pg", r.ApiKey));

        var (refreshed, rotated) = await host.RefreshAsync(clientId, refresh);
        Assert.Equal(HttpStatusCode.OK, refreshed);
        var access2 = rotated.GetProperty("access_token").GetString()!;
        Assert.NotEqual(refresh, rotated.GetProperty("refresh_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(access2)).Status);
        var (spent, spentBody) = await host.RefreshAsync(clientId, refresh);
        Assert.Equal(HttpStatusCode.BadRequest, spent);
        Assert.Equal("invalid_grant", spentBody.GetProperty("error").GetString());
        // A replayed refresh token ends its chain (OpenIddict revokes the authorization's tokens): the access token from
        // the rotation is refused at once, because on PostgreSQL each call reads the token's entry.
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CallAsync(access2)).Status);

        // RFC 7009 on a fresh sign-in: revoking ends the grant; its tokens are refused on their next use.
        var fresh = await host.SignInAsync(clientId, Redirect, "app-pg", "key-pg");
        var access3 = fresh.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(access3)).Status);
        Assert.Equal(HttpStatusCode.OK, await host.RevokeAsync(clientId, access3));
        var (revoked, _, challengeHeader) = await host.CallAsync(access3);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked);
        Assert.Contains("error=\"invalid_token\"", challengeHeader, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.RefreshAsync(clientId, fresh.GetProperty("refresh_token").GetString()!)).Status);
    }

    [PostgresFact]
    public async Task The_real_server_on_PostgreSQL_signs_in_the_SDK_OAuth_client_and_serves_its_tool_calls()
    {
        await using var host = Server(await postgres.CreateDatabaseAsync(), Path.Combine(_directory, "keys"));
        var browser = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        await using var client = await OAuthHost.ConnectSdkClientAsync(host.CreateDefaultClient(), browser, "Postgres test client",
            form => OAuthHost.SubmitConsentAsync(browser, form, "2_pg_reader", "pg-reader-key-1234", readOnly: true, ["crud", "query"]));

        var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.Contains("get_objects", tools);
        Assert.DoesNotContain("update_object", tools); // the read-only consent, read back from PostgreSQL
        var page = (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 2 })).Ok();
        Assert.Equal(2, page["returned"]!.GetValue<int>());
        Assert.All(host.Sandbox.Account("2_pg_reader").Requests, r => Assert.Equal("pg-reader-key-1234", r.ApiKey));
    }

    [PostgresAndRedisFact]
    public async Task A_token_issued_through_instance_A_works_on_instance_B_and_a_revocation_on_A_holds_on_B()
    {
        // One PostgreSQL and one Redis, as docker-compose.yml deploys several instances: the OAuth store in PostgreSQL,
        // the Data Protection key ring in Redis (ONTRAPORT_MCP_REDIS). Each instance gets a key folder of its own, so
        // only Redis can be what makes A's tokens readable on B.
        var database = await postgres.CreateDatabaseAsync();
        await using var redis = await RedisServer.StartNewAsync();
        await using var a = Server(database, Path.Combine(_directory, "keys-a"), redis.Configuration);
        _ = a.Services; // A starts first and writes the key ring's first key; B then reads it
        await using var b = Server(database, Path.Combine(_directory, "keys-b"), redis.Configuration);
        using var httpA = a.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var httpB = b.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        // Registration on A; the consent page from A is submitted to B (no sticky sessions: its antiforgery token and
        // cookie are protected with the shared ring); the code from B is redeemed on A.
        var clientId = await RegisterAsync(httpA);
        var (verifier, challenge) = OAuthHost.Pkce();
        var form = await OAuthHost.OpenConsentAsync(httpA, OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        using var consent = await OAuthHost.SubmitConsentAsync(httpB, form, "2_pg_shared", "pg-shared-key-1234");
        Assert.True(consent.StatusCode == HttpStatusCode.Redirect, await consent.Content.ReadAsStringAsync());
        var code = QueryHelpers.ParseQuery(consent.Headers.Location!.Query)["code"].ToString();
        var (status, tokens) = await PostTokenAsync(httpA, [
            new("grant_type", "authorization_code"), new("client_id", clientId), new("redirect_uri", Redirect),
            new("code", code), new("code_verifier", verifier), new("resource", "http://localhost/mcp")]);
        Assert.True(status == HttpStatusCode.OK, tokens.ToString());
        var accessFromA = tokens.GetProperty("access_token").GetString()!;
        var refreshFromA = tokens.GetProperty("refresh_token").GetString()!;

        // A's access token on B's real MCP endpoint, and on A's.
        await using (var onB = await b.ConnectAsync(headers: Bearer(accessFromA)))
        {
            var page = (await onB.CallAsync("get_objects", new { object_type = "contacts", limit = 1 })).Ok();
            Assert.Equal(1, page["returned"]!.GetValue<int>());
        }

        Assert.Equal(HttpStatusCode.OK, await InitializeStatusAsync(httpA, accessFromA));
        Assert.NotEmpty(b.Sandbox.Account("2_pg_shared").Requests);

        // A's refresh token refreshed on B; the new access token works on both.
        var (refreshed, rotated) = await PostTokenAsync(httpB, [new("grant_type", "refresh_token"), new("client_id", clientId), new("refresh_token", refreshFromA)]);
        Assert.True(refreshed == HttpStatusCode.OK, rotated.ToString());
        var accessFromB = rotated.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await InitializeStatusAsync(httpA, accessFromB));
        Assert.Equal(HttpStatusCode.OK, await InitializeStatusAsync(httpB, accessFromB)); // B now has the grant in memory too

        // Revoked on A: B refuses the next call, though it had the token and grant in memory a moment ago and reads
        // neither from the store per call. A's message on Redis pub/sub reaches B asynchronously (well under a
        // millisecond here); the test waits for B to have applied it, far inside the 30 s the entry would otherwise live.
        var resolverB = b.Services.GetRequiredService<OAuthGrantResolver>();
        var heardBefore = resolverB.EndingsApplied;
        using (var revoke = await httpA.PostAsync("oauth/revoke", new FormUrlEncodedContent([new("client_id", clientId), new("token", accessFromB)])))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var heard = System.Diagnostics.Stopwatch.StartNew();
        while (resolverB.EndingsApplied == heardBefore)
        {
            Assert.True(heard.Elapsed < TimeSpan.FromSeconds(10), "instance B never heard of the revocation on A");
            await Task.Yield();
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await InitializeStatusAsync(httpB, accessFromB));
        Assert.Equal(HttpStatusCode.Unauthorized, await InitializeStatusAsync(httpB, accessFromA));
        var (afterRevoke, _) = await PostTokenAsync(httpB, [new("grant_type", "refresh_token"), new("client_id", clientId), new("refresh_token", rotated.GetProperty("refresh_token").GetString()!)]);
        Assert.Equal(HttpStatusCode.BadRequest, afterRevoke);

        // Rotation holds across instances: a new sign-in on B, refreshed on A; its spent refresh token is refused on B.
        var (verifier2, challenge2) = OAuthHost.Pkce();
        var form2 = await OAuthHost.OpenConsentAsync(httpB, OAuthHost.AuthorizeUrl(clientId, Redirect, challenge2));
        using var consent2 = await OAuthHost.SubmitConsentAsync(httpB, form2, "2_pg_shared", "pg-shared-key-1234");
        var code2 = QueryHelpers.ParseQuery(consent2.Headers.Location!.Query)["code"].ToString();
        var (status2, tokens2) = await PostTokenAsync(httpB, [
            new("grant_type", "authorization_code"), new("client_id", clientId), new("redirect_uri", Redirect),
            new("code", code2), new("code_verifier", verifier2), new("resource", "http://localhost/mcp")]);
        Assert.True(status2 == HttpStatusCode.OK, tokens2.ToString());
        var refreshFromB = tokens2.GetProperty("refresh_token").GetString()!;
        var (refreshedOnA, _) = await PostTokenAsync(httpA, [new("grant_type", "refresh_token"), new("client_id", clientId), new("refresh_token", refreshFromB)]);
        Assert.Equal(HttpStatusCode.OK, refreshedOnA);
        var (spent, spentBody) = await PostTokenAsync(httpB, [new("grant_type", "refresh_token"), new("client_id", clientId), new("refresh_token", refreshFromB)]);
        Assert.Equal(HttpStatusCode.BadRequest, spent);
        Assert.Equal("invalid_grant", spentBody.GetProperty("error").GetString());
    }

    private static ServerHost Server(string database, string keys, string? redis = null) => new(
        ("ONTRAPORT_MCP_MODE", "oauth"),
        ("ONTRAPORT_MCP_PUBLIC_URL", "http://localhost"),
        ("ONTRAPORT_MCP_DATABASE", database),
        ("ONTRAPORT_MCP_DATA_PROTECTION_KEYS", keys),
        ("ONTRAPORT_MCP_REDIS", redis),
        ("ONTRAPORT_BASE_URL", "embedded"));

    private static Dictionary<string, string> Bearer(string token) => new() { ["Authorization"] = "Bearer " + token };

    private static async Task<string> RegisterAsync(HttpClient http)
    {
        using var response = await http.PostAsync("oauth/register", OAuthHost.JsonContent(new { client_name = "Two instances", redirect_uris = new[] { Redirect }, token_endpoint_auth_method = "none" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("client_id").GetString()!;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostTokenAsync(HttpClient http, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var response = await http.PostAsync("oauth/token", new FormUrlEncodedContent(fields));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    /// <summary>An MCP initialize with the token: 200 when the instance accepts it, 401 when not.</summary>
    private static async Task<HttpStatusCode> InitializeStatusAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}

/// <summary>Skips, with the reason, unless both a PostgreSQL server and redis-server can be started here.</summary>
public sealed class PostgresAndRedisFactAttribute : FactAttribute
{
    public PostgresAndRedisFactAttribute()
    {
        Skip = PostgresServer.SkipReason ?? (RedisServer.Available ? null : $"{RedisServer.Binary} is not installed (apt-get install redis-server; .ci/run does).");
    }
}
