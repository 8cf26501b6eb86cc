using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Tools are a public contract (github-mcp-server's "toolsnaps"): each whole tool as tools/list sends it (name, title,
/// description, annotations, input schema) is stored under ToolSchemas/, and any change fails this test until the
/// snapshot is regenerated on purpose with UPDATE_TOOL_SCHEMAS=1 dotnet test --filter ToolSchema, and reviewed.
/// </summary>
public class ToolSchemaSnapshotTests
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Every_tool_matches_its_snapshot()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync();
        var response = await client.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.ToolsList, Params = new JsonObject() });
        var tools = response.Result!["tools"]!.AsArray().Select(t => t!.AsObject()).ToList();
        var update = Environment.GetEnvironmentVariable("UPDATE_TOOL_SCHEMAS") == "1";
        var sourceDirectory = Path.Combine(ProjectDirectory(), "ToolSchemas");
        var outputDirectory = Path.Combine(AppContext.BaseDirectory, "ToolSchemas");
        var mismatches = new List<string>();
        Assert.Equal(Ontraport.Mcp.Server.Tools.ToolCatalog.All.Count, tools.Count);
        foreach (var tool in tools)
        {
            var name = tool["name"]!.GetValue<string>();
            Assert.True(tool.ContainsKey("description") && tool.ContainsKey("annotations") && tool.ContainsKey("inputSchema"), $"{name} is not a whole tool");
            var current = tool.ToJsonString(Pretty) + "\n";
            if (update)
            {
                Directory.CreateDirectory(sourceDirectory);
                await File.WriteAllTextAsync(Path.Combine(sourceDirectory, name + ".json"), current);
                continue;
            }

            var snapshot = Path.Combine(outputDirectory, name + ".json");
            if (!File.Exists(snapshot))
            {
                mismatches.Add($"{name}: no snapshot (run UPDATE_TOOL_SCHEMAS=1 dotnet test --filter ToolSchema)");
            }
            else if (await File.ReadAllTextAsync(snapshot) != current)
            {
                mismatches.Add($"{name}: the tool changed; review it, then run UPDATE_TOOL_SCHEMAS=1 dotnet test --filter ToolSchema");
            }
        }

        var directory = update ? sourceDirectory : outputDirectory;
        if (Directory.Exists(directory))
        {
            var stale = Directory.GetFiles(directory, "*.json").Select(Path.GetFileNameWithoutExtension).Except(tools.Select(t => t["name"]!.GetValue<string>())).ToList();
            Assert.True(stale.Count == 0 || !update, "Delete the snapshots of tools that no longer exist: " + string.Join(", ", stale));
            mismatches.AddRange(stale.Select(s => $"{s}: snapshot of a tool that no longer exists"));
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public void A_snapshot_holds_the_whole_tool_not_only_its_schema()
    {
        // Guards the guard: an input-schema-only snapshot (the old format) would let a description or an annotation change unnoticed.
        var snapshot = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ToolSchemas", "process_transaction.json")))!;
        Assert.Equal("process_transaction", snapshot["name"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(snapshot["description"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(snapshot["annotations"]!["title"]!.GetValue<string>()));
        var read = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ToolSchemas", "get_objects.json")))!;
        Assert.True(read["annotations"]!["readOnlyHint"]!.GetValue<bool>());
        Assert.Equal("object", snapshot["inputSchema"]!["type"]!.GetValue<string>());
    }

    private static string ProjectDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
