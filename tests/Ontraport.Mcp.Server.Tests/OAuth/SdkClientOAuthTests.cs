using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client;
using Ontraport.Mcp.Server.OAuth;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>
/// A client we did not write: the MCP C# SDK's OAuth support discovers the server from the 401, reads both metadata
/// documents, registers (DCR), runs authorization code + PKCE (checking <c>iss</c>), and calls a tool through a real
/// <c>MapMcp</c> endpoint protected by <see cref="OAuthDefaults.Policy"/>. The browser step is our consent form, posted
/// over HTTP as a browser would.
/// </summary>
public sealed class SdkClientOAuthTests
{
    [Fact]
    public async Task The_SDK_client_signs_in_by_itself_and_calls_a_tool_as_the_signed_in_account()
    {
        await using var host = await OAuthHost.StartAsync(
            services: s =>
            {
                s.AddHttpContextAccessor();
                s.AddMcpServer().WithHttpTransport(o => o.Stateless = true).WithTools<WhoAmITool>();
            },
            endpoints: app => app.MapMcp("/mcp").RequireAuthorization(OAuthDefaults.Policy));

        var consents = 0;
        await using var client = await OAuthHost.ConnectSdkClientAsync(host.App.GetTestServer().CreateClient(), host.Http, "SDK test client", form =>
        {
            consents++;
            return host.SubmitConsentAsync(form, "app-sdk", "key-sdk", readOnly: true, toolsets: ["query"]);
        }, redirectUri: "http://127.0.0.1:41789/callback");

        var result = await client.CallToolAsync("who_am_i", new Dictionary<string, object?>());
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Equal("app-sdk read-only query via SDK test client", text);
        Assert.Equal(1, consents);
        Assert.All(host.Sandbox.Account("app-sdk").Requests, r => Assert.Equal("key-sdk", r.ApiKey));
    }

    [McpServerToolType]
    public sealed class WhoAmITool
    {
        [McpServerTool(Name = "who_am_i", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
        [Description("The signed-in Ontraport account.")]
        public static async Task<string> WhoAmI(IHttpContextAccessor accessor, OAuthGrantResolver resolver, OntraportClientFactory ontraport, CancellationToken cancellationToken)
        {
            var account = await resolver.ResolveAsync(accessor.HttpContext!.User, cancellationToken) ?? throw new InvalidOperationException("no grant");
            await ontraport.Create(account.Credentials).Objects.GetMetaAsync(0, cancellationToken);
            return $"{account.Credentials.AppId} {(account.Allowance.ReadOnly ? "read-only" : "read-write")} {string.Join(',', account.Allowance.Toolsets)} via {account.ClientName}";
        }
    }
}
