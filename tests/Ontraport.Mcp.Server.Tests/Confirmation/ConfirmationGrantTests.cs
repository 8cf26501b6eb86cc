using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Ontraport.Mcp.Server.Tests.OAuth;
using static Ontraport.Mcp.Server.Tests.Confirmation.ConfirmationClients;

namespace Ontraport.Mcp.Server.Tests.Confirmation;

/// <summary>
/// oauth mode (issue 21 §2): a question's state and a dry run's confirmation are bound to the grant as well as to the
/// account, so two people who each signed in to the same Ontraport account (two grants, one App ID and key) cannot
/// use each other's yes.
/// </summary>
public sealed class ConfirmationGrantTests : IDisposable
{
    private const string Redirect = "https://claude.example/api/mcp/auth_callback";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ontraport-confirmation-grants", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_state_or_confirmation_from_one_grant_sends_nothing_under_another_grant_of_the_same_account()
    {
        await using var host = new ServerHost(ServerHost.Weekend,
            ("ONTRAPORT_MCP_MODE", "oauth"),
            ("ONTRAPORT_MCP_PUBLIC_URL", "http://localhost"),
            ("ONTRAPORT_MCP_DATABASE", Path.Combine(_directory, "oauth.db")),
            ("ONTRAPORT_MCP_DATA_PROTECTION_KEYS", Path.Combine(_directory, "keys")),
            ("ONTRAPORT_BASE_URL", "embedded"));
        using var http = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var clientId = await RegisterAsync(http);
        var alice = Bearer(await SignInAsync(http, clientId));
        var bob = Bearer(await SignInAsync(http, clientId)); // the same account and key: another consent, another grant

        var charge = JsonNode.Parse("""{"contact":"Jane Doe","products":[{"product_id":2}],"total":299}""")!.AsObject();
        var asked = await CallRawAsync(http, "process_transaction", charge, headers: alice);
        var state = asked["requestState"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException("no requestState: " + asked.ToJsonString());
        var dry = (JsonObject)charge.DeepClone();
        dry["dry_run"] = true;
        var preview = await CallRawAsync(http, "process_transaction", dry, headers: alice);
        Assert.True(preview["content"] is not null, preview.ToJsonString());
        var confirmation = JsonNode.Parse(TextOf(preview))!["confirmation"]!.GetValue<string>();

        var stateUnderBob = await CallRawAsync(http, "process_transaction", charge, state, Answer("accept", true), bob);
        var withConfirmation = (JsonObject)charge.DeepClone();
        withConfirmation["confirmation"] = confirmation;
        var confirmationUnderBob = await CallRawAsync(http, "process_transaction", withConfirmation, headers: bob);

        Assert.Contains("was given under another sign-in to this account", stateUnderBob.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("nothing was sent", stateUnderBob.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("was given under another sign-in to this account", confirmationUnderBob.ToJsonString(), StringComparison.Ordinal);
        Assert.True(IsError(stateUnderBob) && IsError(confirmationUnderBob));
        Assert.DoesNotContain(host.UpstreamRequests(host.Sandbox.Account("2_shared")), r => r.Method != "GET");

        // The person's yes under the grant that asked goes through, once.
        var charged = await CallRawAsync(http, "process_transaction", charge, state, Answer("accept", true), alice);
        Assert.False(IsError(charged), charged.ToJsonString());
        Assert.Single(host.UpstreamRequests(host.Sandbox.Account("2_shared")), r => r.Method != "GET");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Dictionary<string, string> Bearer(string token) => new() { ["Authorization"] = "Bearer " + token };

    private static async Task<string> RegisterAsync(HttpClient http)
    {
        using var response = await http.PostAsync("oauth/register", OAuthHost.JsonContent(new { client_name = "Two people", redirect_uris = new[] { Redirect }, token_endpoint_auth_method = "none" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("client_id").GetString()!;
    }

    /// <summary>A consent to the shared account with money allowed, and the code redeemed: the access token.</summary>
    private static async Task<string> SignInAsync(HttpClient http, string clientId)
    {
        var (verifier, challenge) = OAuthHost.Pkce();
        var form = await OAuthHost.OpenConsentAsync(http, OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        using var consent = await OAuthHost.SubmitConsentAsync(http, form, "2_shared", "shared-key-123456", toolsets: ["crud", "commerce"], money: true);
        Assert.True(consent.StatusCode == HttpStatusCode.Redirect, await consent.Content.ReadAsStringAsync());
        var code = QueryHelpers.ParseQuery(consent.Headers.Location!.Query)["code"].ToString();
        using var token = await http.PostAsync("oauth/token", new FormUrlEncodedContent([
            new("grant_type", "authorization_code"), new("client_id", clientId), new("redirect_uri", Redirect),
            new("code", code), new("code_verifier", verifier), new("resource", "http://localhost/mcp")]));
        using var json = JsonDocument.Parse(await token.Content.ReadAsStringAsync());
        Assert.True(token.IsSuccessStatusCode, json.RootElement.ToString());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }
}
