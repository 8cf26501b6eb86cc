using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>
/// The OAuth redirect URIs Claude's and ChatGPT's connectors register (docs/directory.md lists where each comes from):
/// each is accepted by dynamic client registration and by a client ID metadata document, and a whole sign-in through it
/// ends at exactly that URI with a code the token endpoint redeems.
/// </summary>
public sealed class DirectoryRedirectTests
{
    /// <summary>The callbacks, each with the client ID metadata document URL its client could publish on its own host.</summary>
    public static TheoryData<string, string> Callbacks => new()
    {
        { "https://claude.ai/api/mcp/auth_callback", "https://claude.ai/oauth/test-client-metadata.json" },
        { "https://claude.com/api/mcp/auth_callback", "https://claude.com/oauth/test-client-metadata.json" },
        // ChatGPT's stable callback, used when the server says it puts iss in the authorization response (RFC 9207), as ours does.
        { "https://chatgpt.com/connector_platform_oauth_redirect", "https://chatgpt.com/oauth/test-client-metadata.json" },
        // ChatGPT's per-connection form, https://chatgpt.com/connector/oauth/{callback_id}, kept by older connections.
        { "https://chatgpt.com/connector/oauth/a1B2c3D4e5", "https://chatgpt.com/oauth/test-client-metadata-2.json" },
    };

    [Theory]
    [MemberData(nameof(Callbacks))]
    public async Task Dynamic_registration_accepts_the_callback_and_a_sign_in_returns_to_it(string callback, string _)
    {
        await using var host = await OAuthHost.StartAsync();
        using var registration = await host.Http.PostAsync("oauth/register", OAuthHost.JsonContent(new
        {
            client_name = "Directory client",
            redirect_uris = new[] { callback },
            token_endpoint_auth_method = "none",
            grant_types = new[] { "authorization_code", "refresh_token" },
            response_types = new[] { "code" },
        }));
        var registered = await registration.Content.ReadAsStringAsync();
        Assert.True(registration.StatusCode == HttpStatusCode.Created, registered);
        using var body = JsonDocument.Parse(registered);
        Assert.Equal([callback], body.RootElement.GetProperty("redirect_uris").EnumerateArray().Select(e => e.GetString()));

        await SignInAsync(host, body.RootElement.GetProperty("client_id").GetString()!, callback);
    }

    [Theory]
    [MemberData(nameof(Callbacks))]
    public async Task A_client_ID_metadata_document_may_list_the_callback_and_a_sign_in_returns_to_it(string callback, string clientId)
    {
        var documents = new MetadataDocuments();
        documents.Set(clientId, new { client_id = clientId, client_name = "Directory client", redirect_uris = new[] { callback }, token_endpoint_auth_method = "none" });
        await using var host = await OAuthHost.StartAsync(documents);

        await SignInAsync(host, clientId, callback);
        Assert.Equal(1, documents.Fetches(clientId));
    }

    /// <summary>Consent, then the redirect: exactly the registered callback with code, state and iss; then the code is redeemed.</summary>
    private static async Task SignInAsync(OAuthHost host, string clientId, string callback)
    {
        var (verifier, challenge) = OAuthHost.Pkce();
        var form = await host.OpenConsentAsync(OAuthHost.AuthorizeUrl(clientId, callback, challenge));
        Assert.Contains("<strong>" + new Uri(callback).Host + "</strong>", form.Html, StringComparison.Ordinal); // the page says where it returns
        using var consent = await host.SubmitConsentAsync(form, "app-directory", "key-directory");
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var location = consent.Headers.Location!;
        Assert.Equal(callback, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("http://localhost/", query["iss"].ToString()); // RFC 9207, which ChatGPT's stable callback relies on
        Assert.Equal("state-123", query["state"].ToString());

        var (status, tokens) = await host.RedeemAsync(clientId, callback, query["code"].ToString(), verifier);
        Assert.True(status == HttpStatusCode.OK, tokens.ToString());
        var (call, answer, _) = await host.CallAsync(tokens.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, call);
        Assert.Equal("app-directory", answer!.Value.GetProperty("app_id").GetString());
    }
}
