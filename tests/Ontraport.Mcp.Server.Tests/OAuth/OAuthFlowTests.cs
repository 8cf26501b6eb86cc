using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.OAuth;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>The real OAuth flow over HTTP: discovery, registration, consent, tokens, calls, refresh and revocation.</summary>
public sealed class OAuthFlowTests
{
    private const string Redirect = "https://claude.example/api/mcp/auth_callback";

    [Fact]
    public async Task Discovery_starts_from_the_401_challenge_and_finds_both_metadata_documents()
    {
        await using var host = await OAuthHost.StartAsync();

        var (status, _, challenge) = await host.CallAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("resource_metadata=\"http://localhost/.well-known/oauth-protected-resource/mcp\"", challenge, StringComparison.Ordinal);
        Assert.Contains("scope=\"ontraport\"", challenge, StringComparison.Ordinal);

        using var prm = JsonDocument.Parse(await host.Http.GetStringAsync(".well-known/oauth-protected-resource/mcp"));
        Assert.Equal("http://localhost/mcp", prm.RootElement.GetProperty("resource").GetString());
        Assert.Equal("http://localhost/", prm.RootElement.GetProperty("authorization_servers")[0].GetString()); // identical to the issuer
        Assert.Equal("ontraport", prm.RootElement.GetProperty("scopes_supported")[0].GetString());

        foreach (var path in new[] { ".well-known/oauth-authorization-server", ".well-known/openid-configuration" })
        {
            using var metadata = JsonDocument.Parse(await host.Http.GetStringAsync(path));
            var root = metadata.RootElement;
            Assert.Equal("http://localhost/", root.GetProperty("issuer").GetString());
            Assert.Equal("http://localhost/oauth/authorize", root.GetProperty("authorization_endpoint").GetString());
            Assert.Equal("http://localhost/oauth/token", root.GetProperty("token_endpoint").GetString());
            Assert.Equal("http://localhost/oauth/revoke", root.GetProperty("revocation_endpoint").GetString());
            Assert.Equal("http://localhost/oauth/register", root.GetProperty("registration_endpoint").GetString());
            Assert.True(root.GetProperty("client_id_metadata_document_supported").GetBoolean());
            Assert.True(root.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
            Assert.Equal(["S256"], root.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
            Assert.True(root.TryGetProperty("token_endpoint_auth_methods_supported", out var methods), root.ToString());
            Assert.Contains("none", methods.EnumerateArray().Select(e => e.GetString()));
        }
    }

    [Fact]
    public async Task Whole_flow_registers_consents_calls_refreshes_with_rotation_and_revokes()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect, "Claude");

        var (verifier, challenge) = OAuthHost.Pkce();
        var form = await host.OpenConsentAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        Assert.Contains("<strong>Claude</strong>", form.Html, StringComparison.Ordinal);
        Assert.Contains("<strong>claude.example</strong>", form.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"app_id\"", form.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"api_key\"", form.Html, StringComparison.Ordinal);
        Assert.Contains("Revoking access", form.Html, StringComparison.Ordinal);

        using var consent = await host.SubmitConsentAsync(form, "app-one", "key-one", readOnly: false, toolsets: ["crud", "commerce"], money: true);
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(consent.Headers.Location!.Query);
        Assert.Equal("http://localhost/", query["iss"].ToString());
        var code = query["code"].ToString();

        var (status, tokens) = await host.RedeemAsync(clientId, Redirect, code, verifier);
        Assert.Equal(HttpStatusCode.OK, status);
        var access = tokens.GetProperty("access_token").GetString()!;
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.DoesNotContain("key-one", access + refresh, StringComparison.Ordinal);

        var (callStatus, body, _) = await host.CallAsync(access);
        Assert.Equal(HttpStatusCode.OK, callStatus);
        Assert.Equal("app-one", body!.Value.GetProperty("app_id").GetString());
        Assert.Equal("Claude", body.Value.GetProperty("client_name").GetString());
        Assert.False(body.Value.GetProperty("read_only").GetBoolean());
        Assert.True(body.Value.GetProperty("money").GetBoolean());
        Assert.Equal(["commerce", "crud"], body.Value.GetProperty("toolsets").EnumerateArray().Select(e => e.GetString()));
        Assert.All(host.Sandbox.Account("app-one").Requests, r => Assert.Equal("key-one", r.ApiKey));

        // Rotation: a refresh gives a new refresh token; the spent one is refused.
        var (refreshed, rotated) = await host.RefreshAsync(clientId, refresh);
        Assert.Equal(HttpStatusCode.OK, refreshed);
        var refresh2 = rotated.GetProperty("refresh_token").GetString()!;
        var access2 = rotated.GetProperty("access_token").GetString()!;
        Assert.NotEqual(refresh, refresh2);
        Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(access2)).Status);
        var (spent, spentBody) = await host.RefreshAsync(clientId, refresh);
        Assert.Equal(HttpStatusCode.BadRequest, spent);
        Assert.Equal("invalid_grant", spentBody.GetProperty("error").GetString());

        // A replayed refresh token means it may have leaked: OpenIddict revokes the chain, and the access token rotated
        // from it is refused on its next call, not at its expiry (each call reads its token's entry).
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CallAsync(access2)).Status);

        // RFC 7009: revoking ends the grant; the access token is refused on its next call, not at its expiry.
        var fresh = await host.SignInAsync(clientId, Redirect, "app-one", "key-one");
        var access3 = fresh.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await host.RevokeAsync(clientId, access3));
        var (revokedStatus, _, revokedChallenge) = await host.CallAsync(access3);
        Assert.Equal(HttpStatusCode.Unauthorized, revokedStatus);
        Assert.Contains("error=\"invalid_token\"", revokedChallenge, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CallAsync(access2)).Status);
        var (afterRevoke, _) = await host.RefreshAsync(clientId, fresh.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, afterRevoke);
    }

    [Fact]
    public async Task A_client_id_metadata_document_is_fetched_checked_and_used()
    {
        const string clientId = "https://chatgpt.example/oauth/client.json";
        const string redirect = "https://chatgpt.example/connector_platform_oauth_redirect";
        var documents = new MetadataDocuments();
        documents.Set(clientId, new { client_id = clientId, client_name = "ChatGPT", redirect_uris = new[] { redirect }, token_endpoint_auth_method = "none" });
        await using var host = await OAuthHost.StartAsync(documents);

        var (verifier, challenge) = OAuthHost.Pkce();
        var form = await host.OpenConsentAsync(OAuthHost.AuthorizeUrl(clientId, redirect, challenge));
        Assert.Contains("<strong>ChatGPT</strong>", form.Html, StringComparison.Ordinal);
        using var consent = await host.SubmitConsentAsync(form, "app-cimd", "key-cimd");
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(consent.Headers.Location!.Query)["code"].ToString();
        var (status, tokens) = await host.RedeemAsync(clientId, redirect, code, verifier);
        Assert.Equal(HttpStatusCode.OK, status);
        var (callStatus, body, _) = await host.CallAsync(tokens.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, callStatus);
        Assert.Equal("ChatGPT", body!.Value.GetProperty("client_name").GetString());
        Assert.Equal(1, documents.Fetches(clientId)); // cached: the consent POST did not fetch it again
    }

    [Theory]
    [InlineData("wrong-id")]
    [InlineData("secret")]
    [InlineData("no-redirects")]
    [InlineData("not-json")]
    [InlineData("missing")]
    public async Task An_unusable_metadata_document_is_a_clear_400_and_nothing_is_stored(string flaw)
    {
        const string clientId = "https://bad.example/client.json";
        var documents = new MetadataDocuments();
        switch (flaw)
        {
            case "wrong-id": documents.Set(clientId, new { client_id = "https://other.example/client.json", redirect_uris = new[] { Redirect } }); break;
            case "secret": documents.Set(clientId, new { client_id = clientId, client_secret = "x", redirect_uris = new[] { Redirect } }); break;
            case "no-redirects": documents.Set(clientId, new { client_id = clientId }); break;
            case "not-json": documents.SetRaw(clientId, "<html>"); break;
            default: break;
        }

        await using var host = await OAuthHost.StartAsync(documents);
        var (_, challenge) = OAuthHost.Pkce();
        using var response = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("metadata document", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await host.ApplicationCountAsync());
    }

    [Fact]
    public async Task A_wrong_key_is_a_clear_message_on_the_page_and_no_code()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var (_, challenge) = OAuthHost.Pkce();
        var form = await host.OpenConsentAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        using var response = await host.SubmitConsentAsync(form, "app-wrong", OAuthHost.WrongKey);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("Ontraport did not accept this App ID and API key", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(OAuthHost.WrongKey, html, StringComparison.Ordinal);
        Assert.Equal(0, await host.GrantCountAsync());
    }

    [Fact]
    public async Task A_wrong_PKCE_verifier_and_a_reused_code_are_refused()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var (verifier, challenge) = OAuthHost.Pkce();
        var code = await host.AuthorizeAsync(clientId, Redirect, challenge, "app-pkce");
        var (wrong, wrongBody) = await host.RedeemAsync(clientId, Redirect, code, OAuthHost.Pkce().Verifier);
        Assert.Equal(HttpStatusCode.BadRequest, wrong);
        Assert.Equal("invalid_grant", wrongBody.GetProperty("error").GetString());

        var code2 = await host.AuthorizeAsync(clientId, Redirect, challenge, "app-pkce");
        Assert.Equal(HttpStatusCode.OK, (await host.RedeemAsync(clientId, Redirect, code2, verifier)).Status);
        var (reused, reusedBody) = await host.RedeemAsync(clientId, Redirect, code2, verifier);
        Assert.Equal(HttpStatusCode.BadRequest, reused);
        Assert.Equal("invalid_grant", reusedBody.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Plain_PKCE_and_no_PKCE_are_refused()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        using var plain = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, "plain-challenge-plain-challenge-plain-challenge", method: "plain"));
        Assert.NotEqual(HttpStatusCode.OK, plain.StatusCode);
        Assert.DoesNotContain("code=", plain.Headers.Location?.Query ?? string.Empty, StringComparison.Ordinal);

        using var none = await host.Http.GetAsync("oauth/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + Uri.EscapeDataString(Redirect) + "&scope=ontraport&state=s");
        Assert.NotEqual(HttpStatusCode.OK, none.StatusCode);
        Assert.DoesNotContain("code=", none.Headers.Location?.Query ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_is_refused_but_a_loopback_one_may_use_any_port()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var (_, challenge) = OAuthHost.Pkce();
        using var other = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(clientId, "https://evil.example/callback", challenge));
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Null(other.Headers.Location);

        using var prefix = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(clientId, Redirect + "/more", challenge));
        Assert.Equal(HttpStatusCode.BadRequest, prefix.StatusCode);

        var loopbackClient = await host.RegisterAsync("http://127.0.0.1/callback", "Claude Desktop");
        var (verifier, loopChallenge) = OAuthHost.Pkce();
        var code = await host.AuthorizeAsync(loopbackClient, "http://127.0.0.1:53117/callback", loopChallenge, "app-loop");
        Assert.Equal(HttpStatusCode.OK, (await host.RedeemAsync(loopbackClient, "http://127.0.0.1:53117/callback", code, verifier)).Status);
        using var otherPath = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(loopbackClient, "http://127.0.0.1:53117/elsewhere", loopChallenge));
        Assert.Equal(HttpStatusCode.BadRequest, otherPath.StatusCode);
        using var otherHost = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(loopbackClient, "http://localhost:53117/callback", loopChallenge));
        Assert.Equal(HttpStatusCode.BadRequest, otherHost.StatusCode);
    }

    [Fact]
    public async Task A_token_for_another_resource_is_refused()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var (verifier, challenge) = OAuthHost.Pkce();

        // Asking for another resource at the authorization endpoint gets invalid_target, no consent and no code.
        using var response = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge, resource: "https://other.example/mcp"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_target", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);

        // ... and at the token endpoint.
        var code = await host.AuthorizeAsync(clientId, Redirect, challenge, "app-aud");
        var (status, body) = await host.RedeemAsync(clientId, Redirect, code, verifier, resource: "https://other.example/mcp");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_target", body.GetProperty("error").GetString());

        // A token issued for this server's resource is refused by a server whose resource is another one. Both share
        // the key ring and the store: a twin with the same resource accepts the token, so only the resource differs.
        var tokens = await host.SignInAsync(clientId, Redirect, "app-aud");
        var access = tokens.GetProperty("access_token").GetString();
        Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(access)).Status);
        var keys = Path.Combine(host.Directory, "keys");
        var database = Path.Combine(host.Directory, "db", "ontraport-mcp.db");
        await using (var twin = await OAuthHost.StartAsync(keyRingDirectory: keys, databasePath: database))
        {
            Assert.Equal(HttpStatusCode.OK, (await twin.CallAsync(access)).Status);
        }

        await using var other = await OAuthHost.StartAsync(publicUrl: "http://127.0.0.1:8443", keyRingDirectory: keys, databasePath: database);
        var (status2, _, challenge2) = await other.CallAsync(access);
        Assert.Equal(HttpStatusCode.Unauthorized, status2);
        Assert.Contains("error=\"invalid_token\"", challenge2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_accounts_through_one_client_stay_apart_and_one_revoked_leaves_the_other()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var first = (await host.SignInAsync(clientId, Redirect, "app-first", "key-first")).GetProperty("access_token").GetString()!;
        var second = (await host.SignInAsync(clientId, Redirect, "app-second", "key-second")).GetProperty("access_token").GetString()!;

        var calls = Enumerable.Range(0, 20).Select(async i =>
        {
            var token = i % 2 == 0 ? first : second;
            var (status, body, _) = await host.CallAsync(token);
            Assert.Equal(HttpStatusCode.OK, status);
            return (token, app: body!.Value.GetProperty("app_id").GetString(), grant: body.Value.GetProperty("grant_id").GetString());
        });
        var results = await Task.WhenAll(calls);
        Assert.All(results, r => Assert.Equal(r.token == first ? "app-first" : "app-second", r.app));
        Assert.Equal(2, results.Select(r => r.grant).Distinct().Count());
        Assert.All(host.Sandbox.Account("app-first").Requests, r => Assert.Equal("key-first", r.ApiKey));
        Assert.All(host.Sandbox.Account("app-second").Requests, r => Assert.Equal("key-second", r.ApiKey));
        Assert.Equal(10 + 1, host.Sandbox.Account("app-first").Requests.Count); // 10 calls + the consent's key check
        Assert.Equal(2, await host.GrantCountAsync());

        Assert.Equal(HttpStatusCode.OK, await host.RevokeAsync(clientId, first));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CallAsync(first)).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(second)).Status);
    }

    [Fact]
    public async Task A_rejected_key_stops_the_grant_and_the_next_sign_in_makes_a_new_one()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var access = (await host.SignInAsync(clientId, Redirect, "app-rot", "key-old")).GetProperty("access_token").GetString()!;
        var (_, body, _) = await host.CallAsync(access);
        var grantId = body!.Value.GetProperty("grant_id").GetString()!;

        await host.Services.GetRequiredService<OAuthGrantResolver>().MarkCredentialsRejectedAsync(grantId, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CallAsync(access)).Status);

        var renewed = (await host.SignInAsync(clientId, Redirect, "app-rot", "key-new")).GetProperty("access_token").GetString()!;
        var (status, again, _) = await host.CallAsync(renewed);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(grantId, again!.Value.GetProperty("grant_id").GetString()); // every consent is a grant of its own
        Assert.Equal("key-new", host.Sandbox.Account("app-rot").Requests[^1].ApiKey);
        Assert.Equal(2, await host.GrantCountAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CallAsync(access)).Status); // the rejected one stays ended
    }

    [Fact]
    public async Task The_operator_lists_and_revokes_grants_with_the_admin_token()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect, "Cursor");
        var access = (await host.SignInAsync(clientId, Redirect, "app-op", "key-op")).GetProperty("access_token").GetString()!;

        using var anonymous = await host.Http.GetAsync("oauth/admin/grants");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var list = new HttpRequestMessage(HttpMethod.Get, "oauth/admin/grants");
        list.Headers.Authorization = new("Bearer", OAuthHost.AdminToken);
        using var listed = await host.Http.SendAsync(list);
        var text = await listed.Content.ReadAsStringAsync();
        Assert.DoesNotContain("key-op", text, StringComparison.Ordinal);
        using var grants = JsonDocument.Parse(text);
        var grant = grants.RootElement[0];
        Assert.Equal("Cursor", grant.GetProperty("client_name").GetString());
        Assert.Equal("app-op", grant.GetProperty("app_id").GetString());

        using var revoke = new HttpRequestMessage(HttpMethod.Post, $"oauth/admin/grants/{grant.GetProperty("grant_id").GetString()}/revoke");
        revoke.Headers.Authorization = new("Bearer", OAuthHost.AdminToken);
        using var revoked = await host.Http.SendAsync(revoke);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CallAsync(access)).Status);
    }
}
