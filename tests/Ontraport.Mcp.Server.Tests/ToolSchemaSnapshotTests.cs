using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Tool input schemas are a public contract (github-mcp-server's "toolsnaps"): each is stored under ToolSchemas/ and a
/// change fails this test until the snapshot is regenerated on purpose with UPDATE_TOOL_SCHEMAS=1 dotnet test.
/// </summary>
public class ToolSchemaSnapshotTests
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Every_tool_schema_matches_its_snapshot()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync();
        var tools = await client.ListToolsAsync();
        var update = Environment.GetEnvironmentVariable("UPDATE_TOOL_SCHEMAS") == "1";
        var sourceDirectory = Path.Combine(ProjectDirectory(), "ToolSchemas");
        var outputDirectory = Path.Combine(AppContext.BaseDirectory, "ToolSchemas");
        var mismatches = new List<string>();
        foreach (var tool in tools)
        {
            var current = JsonNode.Parse(tool.ProtocolTool.InputSchema.GetRawText())!.ToJsonString(Pretty) + "\n";
            if (update)
            {
                Directory.CreateDirectory(sourceDirectory);
                await File.WriteAllTextAsync(Path.Combine(sourceDirectory, tool.Name + ".json"), current);
                continue;
            }

            var snapshot = Path.Combine(outputDirectory, tool.Name + ".json");
            if (!File.Exists(snapshot))
            {
                mismatches.Add($"{tool.Name}: no snapshot (run UPDATE_TOOL_SCHEMAS=1 dotnet test)");
            }
            else if (await File.ReadAllTextAsync(snapshot) != current)
            {
                mismatches.Add($"{tool.Name}: schema changed; review it, then run UPDATE_TOOL_SCHEMAS=1 dotnet test");
            }
        }

        if (!update && Directory.Exists(outputDirectory))
        {
            var stale = Directory.GetFiles(outputDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).Except(tools.Select(t => t.Name));
            mismatches.AddRange(stale.Select(s => $"{s}: snapshot of a tool that no longer exists"));
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    private static string ProjectDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
