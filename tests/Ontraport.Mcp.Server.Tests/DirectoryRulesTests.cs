using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Ontraport.Mcp.Server.Tools;
using Xunit.Abstractions;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The rules Claude's connector directory and ChatGPT's app review hold a server to (docs/directory.md), checked on what
/// the real SDK client reads in both protocol eras (initialize 2025-11-25 and per-request 2026-07-28), tool by tool from
/// the catalog: every tool titled and explicitly hinted, names of at most 64 characters in snake case, reads and writes in
/// separate tools, tools/list within its byte budget. The server's own title and icon: <see cref="ServerIdentityTests"/>.
/// </summary>
public class DirectoryRulesTests(ITestOutputHelper output)
{
    public static TheoryData<string> Eras => new() { "2025-11-25", "2026-07-28" };

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task Every_tool_has_a_title_and_every_hint_explicitly_on_the_wire(string era)
    {
        var (tools, _) = await ListToolsAsync(era);
        Assert.Equal(ToolCatalog.All.Select(t => t.Name).Order(StringComparer.Ordinal), tools.Select(t => t["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        foreach (var tool in tools)
        {
            var name = tool["name"]!.GetValue<string>();
            var declared = ToolCatalog.Find(name)!;
            var annotations = tool["annotations"] as JsonObject ?? throw new Xunit.Sdk.XunitException($"{name} has no annotations");
            bool? Hint(string key) => annotations.TryGetPropertyValue(key, out var value) && value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? v.GetValue<bool>()
                : null;

            Assert.False(string.IsNullOrWhiteSpace(annotations["title"]?.GetValue<string>()), $"{name} has no title");
            Assert.False(tool.ContainsKey("title"), $"{name} sends a second title"); // annotations.title is the one every era reads
            Assert.True(Hint("readOnlyHint") == declared.ReadOnly, $"{name}: readOnlyHint must be sent as {declared.ReadOnly}");
            if (!declared.ReadOnly)
            {
                // Explicit even where equal to the MCP default (destructive true, idempotent false, open world true).
                Assert.True(Hint("destructiveHint") == declared.Destructive, $"{name}: destructiveHint must be sent as {declared.Destructive}");
                Assert.True(Hint("idempotentHint") == declared.Idempotent, $"{name}: idempotentHint must be sent as {declared.Idempotent}");
                Assert.True(Hint("openWorldHint") == declared.OpenWorld, $"{name}: openWorldHint must be sent as {declared.OpenWorld}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task Tool_names_are_snake_case_and_at_most_64_characters(string era)
    {
        var (tools, _) = await ListToolsAsync(era);
        Assert.NotEmpty(tools);
        Assert.All(tools.Select(t => t["name"]!.GetValue<string>()), name =>
        {
            Assert.True(name.Length <= 64, $"{name} is {name.Length} characters long");
            Assert.Matches("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", name);
        });
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task Tools_list_fits_its_byte_budget(string era)
    {
        var (tools, bytes) = await ListToolsAsync(era);
        int Part(string key) => tools.Sum(t => t[key] is { } part ? JsonSerializer.SerializeToUtf8Bytes(part, McpJsonUtilities.DefaultOptions).Length + key.Length + 4 : 0);
        output.WriteLine($"tools/list in the {era} era: {tools.Count} tools, {bytes:N0} bytes (budget {ToolCatalogTests.ToolsListBudget:N0}); " +
            $"by part: name {Part("name"):N0}, description {Part("description"):N0}, inputSchema {Part("inputSchema"):N0}, annotations {Part("annotations"):N0}");
        Assert.Equal(ToolCatalog.All.Count, tools.Count);
        Assert.True(bytes <= ToolCatalogTests.ToolsListBudget, $"tools/list is {bytes:N0} bytes in the {era} era; the budget is {ToolCatalogTests.ToolsListBudget:N0}");
    }

    /// <summary>
    /// Reads and writes live in separate tools: each tool's one valid call (<see cref="FaultInjectionTests.EveryTool"/>,
    /// which covers the catalog) runs against the sandbox, and what it sent upstream must match its readOnlyHint: a
    /// read-only tool only GETs, a tool that is not read-only does write. Write-only parameters never appear on a read.
    /// </summary>
    [Fact]
    public async Task A_read_only_tool_never_writes_and_a_write_tool_writes()
    {
        Assert.Equal(ToolCatalog.All.Select(t => t.Name).Order(StringComparer.Ordinal), FaultInjectionTests.EveryTool.Select(c => c.Tool).Order(StringComparer.Ordinal));
        await using var host = new ServerHost(("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "100000"));
        await using var client = await host.ConnectAsync();
        var account = host.DemoAccount;
        foreach (var (name, arguments) in FaultInjectionTests.EveryTool)
        {
            var tool = ToolCatalog.Find(name)!;
            var before = account.Requests.Count;
            var answer = await client.CallAsync(name, arguments);
            Assert.False(answer.IsError, $"{name}: {answer.Text}");
            var sent = account.Requests.Skip(before).Select(r => $"{r.Method} {r.Path}").ToList();
            if (tool.ReadOnly)
            {
                Assert.All(sent, request => Assert.StartsWith("GET ", request, StringComparison.Ordinal));
                Assert.DoesNotContain(tool.Method.GetParameters(), p => p.Name is "dry_run" or "allow_duplicate" or "confirm_count");
                Assert.False(tool.MoneyMoving, name);
            }
            else
            {
                Assert.True(sent.Any(r => !r.StartsWith("GET ", StringComparison.Ordinal)), $"{name} is not read-only but sent only reads: {string.Join(", ", sent)}");
            }
        }
    }

    /// <summary>tools/list exactly as the SDK client receives it in <paramref name="era"/>, and its size on the wire.</summary>
    private static async Task<(List<JsonObject> Tools, int Bytes)> ListToolsAsync(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        Assert.Equal(era, client.NegotiatedProtocolVersion);
        var response = await client.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.ToolsList, Params = new JsonObject() });
        var bytes = JsonSerializer.SerializeToUtf8Bytes(response.Result, McpJsonUtilities.DefaultOptions).Length;
        return ([.. response.Result!["tools"]!.AsArray().Select(t => t!.AsObject())], bytes);
    }
}
