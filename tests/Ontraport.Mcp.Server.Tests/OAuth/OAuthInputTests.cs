using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Ontraport.Mcp.Server.OAuth;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>Bad input to registration, consent and settings: a clear 400 (or start-up error) and nothing stored.</summary>
public sealed class OAuthInputTests
{
    private const string Redirect = "https://claude.example/api/mcp/auth_callback";

    public static TheoryData<string, string> BadRegistrations => new()
    {
        { "{", "not valid JSON" },
        { "[]", "JSON object" },
        { "{\"client_name\":\"x\"}", "redirect_uris is required" },
        { "{\"redirect_uris\":[]}", "redirect_uris is required" },
        { "{\"redirect_uris\":[\"javascript:alert(1)\"]}", "scheme 'javascript'" },
        { "{\"redirect_uris\":[\"http://evil.example/cb\"]}", "must use https" },
        { "{\"redirect_uris\":[\"https://a.example/cb#frag\"]}", "fragment" },
        { "{\"redirect_uris\":[\"relative/path\"]}", "not an absolute URI" },
        { "{\"redirect_uris\":[42]}", "strings only" },
        { "{\"redirect_uris\":[\"https://a.example/cb\"],\"client_name\":7}", "client_name must be a string" },
        { "{\"redirect_uris\":[\"https://a.example/cb\"],\"client_name\":\"bad\\u0000name\"}", "control characters" },
        { "{\"redirect_uris\":[\"https://a.example/cb\"],\"grant_types\":[\"client_credentials\"]}", "grant_types" },
        { "{\"redirect_uris\":[\"https://a.example/cb\"],\"response_types\":[\"token\"]}", "response_types" },
        { "{\"redirect_uris\":[\"https://a.example/cb\"],\"token_endpoint_auth_method\":\"private_key_jwt\"}", "token_endpoint_auth_method" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task A_malformed_registration_is_a_clear_400_and_nothing_is_stored(string body, string expected)
    {
        await using var host = await OAuthHost.StartAsync();
        using var response = await host.Http.PostAsync("oauth/register", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(text);
        Assert.StartsWith("invalid_", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(expected, json.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await host.ApplicationCountAsync());
    }

    [Fact]
    public async Task An_oversized_registration_is_a_413_and_too_many_redirects_a_clear_400_and_nothing_is_stored()
    {
        await using var host = await OAuthHost.StartAsync();
        var huge = "{\"client_name\":\"" + new string('a', 40_000) + "\",\"redirect_uris\":[\"https://a.example/cb\"]}";
        using var oversized = await host.Http.PostAsync("oauth/register", new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Contains("larger than", await oversized.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var name = "{\"client_name\":\"" + new string('a', 300) + "\",\"redirect_uris\":[\"https://a.example/cb\"]}";
        using var longName = await host.Http.PostAsync("oauth/register", new StringContent(name, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, longName.StatusCode);

        var many = JsonSerializer.Serialize(new { redirect_uris = Enumerable.Range(0, 11).Select(i => $"https://a.example/cb{i}") });
        using var tooMany = await host.Http.PostAsync("oauth/register", new StringContent(many, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);

        using var form = await host.Http.PostAsync("oauth/register", new FormUrlEncodedContent([new("redirect_uris", "https://a.example/cb")]));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Equal(0, await host.ApplicationCountAsync());
    }

    [Fact]
    public async Task A_confidential_registration_gets_a_secret_that_the_token_endpoint_requires()
    {
        await using var host = await OAuthHost.StartAsync();
        using var response = await host.Http.PostAsync("oauth/register", OAuthHost.JsonContent(new { client_name = "Server app", redirect_uris = new[] { Redirect }, token_endpoint_auth_method = "client_secret_post" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var clientId = json.RootElement.GetProperty("client_id").GetString()!;
        var secret = json.RootElement.GetProperty("client_secret").GetString()!;
        var (verifier, challenge) = OAuthHost.Pkce();
        var code = await host.AuthorizeAsync(clientId, Redirect, challenge, "app-conf");
        var (without, _) = await host.RedeemAsync(clientId, Redirect, code, verifier);
        Assert.NotEqual(HttpStatusCode.OK, without);
        var code2 = await host.AuthorizeAsync(clientId, Redirect, challenge, "app-conf");
        var (with, _) = await host.TokenAsync([
            new("grant_type", "authorization_code"), new("client_id", clientId), new("client_secret", secret),
            new("redirect_uri", Redirect), new("code", code2), new("code_verifier", verifier)]);
        Assert.Equal(HttpStatusCode.OK, with);
    }

    [Fact]
    public async Task A_consent_post_without_its_CSRF_token_or_cookie_is_refused_and_issues_nothing()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var (_, challenge) = OAuthHost.Pkce();
        var form = await host.OpenConsentAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        Assert.Contains("csrf", form.Cookie, StringComparison.Ordinal);

        using var noToken = await host.SubmitConsentAsync(form, "app-csrf", "key-csrf", withCsrf: false);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Null(noToken.Headers.Location);
        Assert.Contains("CSRF", await noToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var noCookie = await host.SubmitConsentAsync(form with { Cookie = "other=1" }, "app-csrf", "key-csrf");
        Assert.Equal(HttpStatusCode.BadRequest, noCookie.StatusCode);
        Assert.Equal(0, await host.GrantCountAsync());
        Assert.Empty(host.Sandbox.Account("app-csrf").Requests); // no key check either
    }

    public static TheoryData<string, string, string[], bool, string> BadConsents => new()
    {
        { "", "key", ["crud"], false, "Enter your Ontraport App ID" },
        { "app", "", ["crud"], false, "Enter your Ontraport API key" },
        { new string('a', 65), "key", ["crud"], false, "at most 64" },
        { "app", new string('k', 300), ["crud"], false, "at most 256" },
        { "app<script>", "key", ["crud"], false, "letters, digits" },
        { "app", "key with space", ["crud"], false, "printable ASCII" },
        { "app", "key", [], false, "at least one tool group" },
        { "app", "key", ["crud", "billing"], false, "'billing' is not one of" },
        { "app", "key", ["crud"], true, "Commerce tool group" },
    };

    [Theory]
    [MemberData(nameof(BadConsents))]
    public async Task Malformed_consent_input_is_a_clear_400_on_the_page_and_nothing_is_stored(string appId, string apiKey, string[] toolsets, bool money, string expected)
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var (_, challenge) = OAuthHost.Pkce();
        var form = await host.OpenConsentAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        using var response = await host.SubmitConsentAsync(form, appId, apiKey, toolsets: toolsets, money: money);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(expected), html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Equal(0, await host.GrantCountAsync());
    }

    [Fact]
    public async Task Money_with_read_only_and_an_oversized_consent_form_are_refused()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var (_, challenge) = OAuthHost.Pkce();
        var form = await host.OpenConsentAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        using var readOnlyMoney = await host.SubmitConsentAsync(form, "app-m", "key-m", readOnly: true, money: true);
        Assert.Equal(HttpStatusCode.BadRequest, readOnlyMoney.StatusCode);
        Assert.Contains("need read and change access", await readOnlyMoney.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var huge = await host.SubmitConsentAsync(form, "app-m", "key-m", extra: [new("padding", new string('x', 40_000))]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("larger than", await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await host.GrantCountAsync());
    }

    [Fact]
    public async Task Deny_sends_access_denied_back_to_the_client_and_stores_nothing()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var (_, challenge) = OAuthHost.Pkce();
        var form = await host.OpenConsentAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        using var response = await host.SubmitConsentAsync(form, "app-deny", "key-deny", decision: "deny");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.Equal("access_denied", query["error"].ToString());
        Assert.False(query.ContainsKey("code"));
        Assert.Equal(0, await host.GrantCountAsync());
        Assert.Empty(host.Sandbox.Account("app-deny").Requests);
    }

    [Fact]
    public async Task Over_https_the_consent_cookie_is_a_secure_host_cookie_and_the_page_cannot_be_framed()
    {
        await using var host = await OAuthHost.StartAsync(publicUrl: "https://localhost");
        var clientId = await host.RegisterAsync(Redirect);
        var (_, challenge) = OAuthHost.Pkce();
        using var response = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge, resource: "https://localhost/mcp"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-ontraport-mcp-csrf=", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        using var metadata = JsonDocument.Parse(await host.Http.GetStringAsync(".well-known/oauth-authorization-server"));
        Assert.Equal("https://localhost/", metadata.RootElement.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task A_read_only_consent_records_read_only_without_money()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var (verifier, challenge) = OAuthHost.Pkce();
        var code = await host.AuthorizeAsync(clientId, Redirect, challenge, "app-ro", readOnly: true, toolsets: ["query"]);
        var (_, tokens) = await host.RedeemAsync(clientId, Redirect, code, verifier);
        var (_, body, _) = await host.CallAsync(tokens.GetProperty("access_token").GetString());
        Assert.True(body!.Value.GetProperty("read_only").GetBoolean());
        Assert.False(body.Value.GetProperty("money").GetBoolean());
        Assert.Equal(["query"], body.Value.GetProperty("toolsets").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Settings_list_every_problem_and_recognise_both_stores()
    {
        var problems = Assert.Throws<InvalidOperationException>(() => Load(new()
        {
            ["ONTRAPORT_MCP_PUBLIC_URL"] = "http://mcp.example.com",
            ["ONTRAPORT_MCP_OAUTH_ADMIN_TOKEN"] = "short",
            ["ONTRAPORT_MCP_OAUTH_ACCESS_TOKEN_MINUTES"] = "0",
        })).Message;
        Assert.Contains("must use https", problems, StringComparison.Ordinal);
        Assert.Contains("ONTRAPORT_MCP_OAUTH_ADMIN_TOKEN", problems, StringComparison.Ordinal);
        Assert.Contains("ONTRAPORT_MCP_OAUTH_ACCESS_TOKEN_MINUTES", problems, StringComparison.Ordinal);
        Assert.Contains("ONTRAPORT_MCP_PUBLIC_URL", Assert.Throws<InvalidOperationException>(() => Load(new())).Message, StringComparison.Ordinal);
        Assert.Contains("no path", Assert.Throws<InvalidOperationException>(() => Load(new() { ["ONTRAPORT_MCP_PUBLIC_URL"] = "https://a.example/mcp" })).Message, StringComparison.Ordinal);

        var sqlite = Load(new() { ["ONTRAPORT_MCP_PUBLIC_URL"] = "https://mcp.example.com/" });
        Assert.Equal(OAuthStoreKind.Sqlite, sqlite.Store);
        Assert.Equal(Path.GetFullPath(OAuthSettings.DefaultDatabase), sqlite.DatabasePath);
        Assert.Equal("https://mcp.example.com/mcp", sqlite.Resource.AbsoluteUri);
        Assert.Equal("https://mcp.example.com/", sqlite.Issuer);
        Assert.True(sqlite.RequiresHttps);

        var postgres = Load(new() { ["ONTRAPORT_MCP_PUBLIC_URL"] = "https://mcp.example.com", ["ONTRAPORT_MCP_DATABASE"] = "Host=db;Database=mcp;Username=mcp;Password=x" });
        Assert.Equal(OAuthStoreKind.PostgreSql, postgres.Store);
        Assert.Null(postgres.DatabasePath);
    }

    [Theory]
    [InlineData("https://a.example/cb", "https://a.example/cb", true)]
    [InlineData("https://a.example/cb", "https://a.example:8443/cb", false)]
    [InlineData("http://127.0.0.1/cb", "http://127.0.0.1:50123/cb", true)]
    [InlineData("http://[::1]:1/cb", "http://[::1]:50123/cb", true)]
    [InlineData("http://localhost/cb", "http://localhost:50123/cb", true)]
    [InlineData("http://127.0.0.1/cb", "http://127.0.0.1:50123/cb2", false)]
    [InlineData("http://127.0.0.1/cb", "http://127.0.0.1:50123/cb?x=1", false)]
    [InlineData("http://127.0.0.1/cb", "http://localhost:50123/cb", false)]
    public void Redirect_uris_match_exactly_except_a_loopback_port(string registered, string requested, bool matches) =>
        Assert.Equal(matches, OAuthInput.RedirectMatches(registered, requested));

    private static OAuthSettings Load(Dictionary<string, string?> values) =>
        OAuthSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
}
