using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.Tests.OAuth;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The official TypeScript SDK client (@modelcontextprotocol/sdk, tests/ts-client) against the host on a real socket:
/// initialize, tools/list and a tools/call; and its OAuth client signing in to oauth mode (oauth-flow.mjs). Runs when
/// node is on PATH and .ci/run (or npm ci in tests/ts-client) has installed the package.
/// </summary>
public class TypeScriptClientTests
{
    private static readonly string ClientDirectory = Path.GetFullPath(Path.Combine(ProjectDirectory(), "..", "ts-client"));

    [TypeScriptClientFact]
    public async Task The_TypeScript_SDK_client_connects_lists_tools_and_calls_one()
    {
        await using var host = new ServerHost();
        var url = host.StartOnLoopback().ToString();

        var seen = await RunAsync("check.mjs", url);
        Assert.Equal("ontraport-mcp", seen["server"]!.GetValue<string>());
        Assert.Equal(host.Services.GetRequiredService<IEnumerable<ModelContextProtocol.Server.McpServerTool>>().Count(), seen["tools"]!.GetValue<int>());
        Assert.False(seen["isError"]!.GetValue<bool>());
        Assert.Equal(2, seen["returned"]!.GetValue<int>());
        Assert.Equal(200, seen["count"]!.GetValue<int>());
    }

    [TypeScriptClientFact]
    public async Task The_TypeScript_SDK_OAuth_client_discovers_registers_consents_calls_and_refreshes()
    {
        await using var server = new OAuthLoopbackServer();
        var seen = await RunAsync("oauth-flow.mjs", server.McpUrl.AbsoluteUri, "2_ts_oauth", "ts-key-0123456789");
        var issuer = server.PublicUrl.AbsoluteUri;

        // Discovery from the MCP endpoint's 401 (RFC 9728, then RFC 8414), dynamic registration, the code for tokens.
        Assert.True(seen["challenged"]!.GetValue<bool>());
        var requests = seen["requests"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Equal(["POST /mcp 401", "GET /.well-known/oauth-protected-resource/mcp 200", "GET /.well-known/oauth-authorization-server 200", "POST /oauth/register 201", "POST /oauth/token 200"], requests.Take(5));
        Assert.Equal(issuer, seen["authorizationServer"]!.GetValue<string>());
        Assert.Equal(issuer, seen["issuer"]!.GetValue<string>());
        Assert.Equal(server.McpUrl.AbsoluteUri, seen["resource"]!.GetValue<string>());
        Assert.StartsWith("dcr_", seen["clientId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("S256", seen["authorizationUrl"]!["codeChallengeMethod"]!.GetValue<string>());
        Assert.Equal(server.McpUrl.AbsoluteUri, seen["authorizationUrl"]!["resource"]!.GetValue<string>()); // RFC 8707
        Assert.Equal("ontraport", seen["authorizationUrl"]!["scope"]!.GetValue<string>());

        // The consent page named the client and its redirect host; the redirect carried code, the SDK's state and iss.
        Assert.True(seen["consent"]!["pageNamedClient"]!.GetValue<bool>());
        Assert.True(seen["consent"]!["redirectHostShown"]!.GetValue<bool>());
        Assert.True(seen["redirect"]!["hasCode"]!.GetValue<bool>());
        Assert.True(seen["redirect"]!["stateMatches"]!.GetValue<bool>());
        Assert.Equal(issuer, seen["redirect"]!["iss"]!.GetValue<string>()); // RFC 9207

        // Signed in: exactly the read-only tools of the two groups the user ticked, on the user's own account.
        Assert.Equal("ontraport-mcp", seen["server"]!.GetValue<string>());
        // 2025-11-25 is the newest revision SDK 1.32.2 knows (its LATEST_PROTOCOL_VERSION), with or without OAuth: the
        // 401 does not change the era; this client has no 2026-07-28 to offer.
        Assert.Equal("2025-11-25", seen["protocolVersion"]!.GetValue<string>());
        var expected = Tools.ToolCatalog.All.Where(t => t.ReadOnly && t.Toolset is "crud" or "query").Select(t => t.Name).Order(StringComparer.Ordinal);
        Assert.Equal(expected, seen["tools"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.False(seen["isError"]!.GetValue<bool>());
        Assert.Equal(2, seen["returned"]!.GetValue<int>());
        var account = server.Host.Sandbox.Account("2_ts_oauth");
        Assert.NotEmpty(account.Requests);
        Assert.All(account.Requests, r => Assert.Equal("ts-key-0123456789", r.ApiKey));

        // Refresh through the SDK rotates both tokens; the new access token works and the spent refresh token does not.
        var refresh = seen["refresh"]!;
        Assert.Equal("AUTHORIZED", refresh["result"]!.GetValue<string>());
        Assert.True(refresh["accessTokenChanged"]!.GetValue<bool>());
        Assert.True(refresh["refreshTokenRotated"]!.GetValue<bool>());
        Assert.False(refresh["afterRefreshIsError"]!.GetValue<bool>());
        Assert.Equal(1, refresh["afterRefreshReturned"]!.GetValue<int>());
        Assert.Equal(400, refresh["spentRefreshStatus"]!.GetValue<int>());
        Assert.Equal("invalid_grant", refresh["spentRefreshError"]!.GetValue<string>());
        Assert.DoesNotContain(server.Host.Logs.Lines, l => l.Contains("ts-key-0123456789", StringComparison.Ordinal));
    }

    /// <summary>Runs a script of tests/ts-client with node and returns the JSON line it printed last.</summary>
    private static async Task<JsonNode> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node", [script, .. arguments])
        {
            WorkingDirectory = ClientDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"node {script} exited {process.ExitCode}: {await output}{await errors}");
        return JsonNode.Parse((await output).Trim().Split('\n')[^1])!;
    }

    private static string ProjectDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    /// <summary>Skipped, with the reason shown, unless node and the installed TypeScript SDK are present.</summary>
    public sealed class TypeScriptClientFactAttribute : FactAttribute
    {
        public TypeScriptClientFactAttribute()
        {
            if (NodeTools.Npx is null)
            {
                Skip = "node is not on PATH; .ci/run installs Node and runs this check.";
            }
            else if (!Directory.Exists(Path.Combine(ClientDirectory, "node_modules", "@modelcontextprotocol", "sdk")))
            {
                Skip = "the TypeScript SDK is not installed; run 'npm ci' in tests/ts-client (.ci/run does).";
            }
        }
    }
}
