using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The official TypeScript SDK client (@modelcontextprotocol/sdk, tests/ts-client) against the host on a real socket:
/// initialize, tools/list and a tools/call. Runs when node is on PATH and .ci/run (or npm ci in tests/ts-client) has
/// installed the package.
/// </summary>
public class TypeScriptClientTests
{
    private static readonly string ClientDirectory = Path.GetFullPath(Path.Combine(ProjectDirectory(), "..", "ts-client"));

    [TypeScriptClientFact]
    public async Task The_TypeScript_SDK_client_connects_lists_tools_and_calls_one()
    {
        await using var host = new ServerHost();
        var url = host.StartOnLoopback().ToString();

        var start = new ProcessStartInfo("node", ["check.mjs", url])
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

        Assert.True(process.ExitCode == 0, $"node check.mjs exited {process.ExitCode}: {await output}{await errors}");
        var seen = JsonNode.Parse((await output).Trim().Split('\n')[^1])!;
        Assert.Equal("ontraport-mcp", seen["server"]!.GetValue<string>());
        Assert.Equal(host.Services.GetRequiredService<IEnumerable<ModelContextProtocol.Server.McpServerTool>>().Count(), seen["tools"]!.GetValue<int>());
        Assert.False(seen["isError"]!.GetValue<bool>());
        Assert.Equal(2, seen["returned"]!.GetValue<int>());
        Assert.Equal(200, seen["count"]!.GetValue<int>());
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
