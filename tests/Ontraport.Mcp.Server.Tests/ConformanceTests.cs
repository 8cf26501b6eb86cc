using System.Diagnostics;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The official conformance suite (@modelcontextprotocol/conformance 0.1.13, the last that runs on Node 20) against the
/// host on a real Kestrel socket. Runs when node/npx is on PATH; .ci/run installs the package ahead so no test downloads.
/// </summary>
public class ConformanceTests
{
    [NodeTheory]
    [InlineData("server-initialize")]
    [InlineData("ping")]
    [InlineData("tools-list")]
    [InlineData("dns-rebinding-protection")]
    public async Task Official_scenario_passes(string scenario)
    {
        var npx = NodeTheoryAttribute.Npx!;
        await using var host = new ServerHost();
        var url = host.StartOnLoopback().ToString();

        var start = new ProcessStartInfo(npx, ["--yes", "@modelcontextprotocol/conformance@0.1.13", "server", "--url", url, "--scenario", scenario])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        var log = await output + await errors;

        Assert.True(process.ExitCode == 0, $"conformance {scenario} exited {process.ExitCode}:{Environment.NewLine}{log}");
        Assert.DoesNotContain("FAILURE", log, StringComparison.Ordinal);
        Assert.Contains("SUCCESS", log, StringComparison.OrdinalIgnoreCase);
    }

}

/// <summary>A theory that is skipped, with the reason shown, when node/npx is not on PATH.</summary>
public sealed class NodeTheoryAttribute : TheoryAttribute
{
    public static readonly string? Npx = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(directory => Path.Combine(directory, "npx"))
        .FirstOrDefault(File.Exists);

    public NodeTheoryAttribute()
    {
        if (Npx is null)
        {
            Skip = "node/npx is not on PATH; .ci/run installs Node and runs the conformance suite.";
        }
    }
}
