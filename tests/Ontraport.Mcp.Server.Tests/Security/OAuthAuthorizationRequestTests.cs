using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Ontraport.Mcp.Server.Tests.OAuth;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, low: what an authorization request may ask for. A <c>code_challenge</c> is 43–128 characters of the S256
/// (base64url) alphabet, RFC 7636 §4.2, or the request is refused before the consent page; and the token response's
/// <c>scope</c> says what was granted (RFC 6749 §3.3): <c>offline_access</c> only when the client asked for it.
/// </summary>
public sealed class OAuthAuthorizationRequestTests
{
    private const string Redirect = "https://claude.example/api/mcp/auth_callback";

    [Theory]
    [InlineData("abc")]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c")]     // 42 characters
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=")]   // base64 padding
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM")]    // '+' is not base64url
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw~cM")]    // '~' is a verifier character, not a challenge one
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw cM")]
    public async Task A_code_challenge_that_no_S256_hash_can_be_is_refused_before_the_consent_page(string challenge)
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        using var response = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        var body = await response.Content.ReadAsStringAsync();
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("name=\"api_key\"", body, StringComparison.Ordinal);
        var error = response.Headers.Location is { } location ? QueryHelpers.ParseQuery(location.Query) : null;
        Assert.False(error?.ContainsKey("code") ?? false);
        var description = error?["error_description"].ToString() ?? body;
        Assert.Contains("invalid_request", error?["error"].ToString() ?? body, StringComparison.Ordinal);
        Assert.Contains("code_challenge", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_challenge_of_129_characters_is_refused_and_one_of_43_is_taken()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        using var tooLong = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, new string('A', 129)));
        Assert.NotEqual(HttpStatusCode.OK, tooLong.StatusCode);
        var (_, challenge) = OAuthHost.Pkce();
        Assert.Equal(43, challenge.Length);
        using var fine = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Theory]
    [InlineData("ontraport", "ontraport")]
    [InlineData("ontraport offline_access", "offline_access ontraport")]
    [InlineData("offline_access ontraport", "offline_access ontraport")]
    [InlineData(null, "ontraport")]
    public async Task The_token_response_scope_is_what_was_granted(string? requested, string granted)
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var (verifier, challenge) = OAuthHost.Pkce();
        var form = await host.OpenConsentAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge, scope: requested));
        using var consent = await host.SubmitConsentAsync(form, "app-scope", "key-scope");
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var code = QueryHelpers.ParseQuery(consent.Headers.Location!.Query)["code"].ToString();
        var (status, tokens) = await host.RedeemAsync(clientId, Redirect, code, verifier);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(granted, string.Join(' ', tokens.GetProperty("scope").GetString()!.Split(' ').Order(StringComparer.Ordinal)));

        // Every sign-in gets a rotating refresh token, asked for with offline_access or not: the TypeScript SDK asks only
        // for the scope the server names and then refreshes.
        var (refreshed, rotated) = await host.RefreshAsync(clientId, tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, refreshed);
        Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(rotated.GetProperty("access_token").GetString())).Status);
    }
}
