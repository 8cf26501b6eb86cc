using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace Ontraport.Mcp.Server.Tests.Search;

/// <summary>
/// The toolset <c>search</c>: on by default, offered in read-only mode, chosen alone by the setting and by
/// <c>X-MCP-Toolsets</c>, read-only and explicit in its hints, and cheap in tools/list.
/// </summary>
public class SearchToolsetTests(ITestOutputHelper output)
{
    /// <summary>What search and fetch may add to tools/list together (issue 19).</summary>
    private const int Budget = 1_000;

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task Both_tools_are_on_by_default_and_read_only_mode_still_offers_them(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        var names = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.Contains("search", names);
        Assert.Contains("fetch", names);

        await using var readOnlyHost = new ServerHost(("ONTRAPORT_MCP_READ_ONLY", "true"));
        await using var readOnly = await readOnlyHost.ConnectAsync(era);
        var offered = (await readOnly.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.Contains("search", offered);
        Assert.Contains("fetch", offered);
        Assert.DoesNotContain("update_object", offered);
        Assert.Equal("contacts/1", (await readOnly.SearchAsync("john.smith@example.com"))[0]!.Text("id"));

        await using var narrowed = await host.ConnectAsync(era, new Dictionary<string, string> { ["X-MCP-Readonly"] = "true" });
        Assert.Contains("fetch", (await narrowed.ListToolsAsync()).Select(t => t.Name));
        Assert.Equal("contacts/1", (await narrowed.OneTextItemAsync("fetch", new Dictionary<string, object?> { ["id"] = "contacts/1" })).Text("id"));
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task The_header_narrows_to_just_search_and_fetch(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era, new Dictionary<string, string> { ["X-MCP-Toolsets"] = "search" });
        Assert.Equal(["fetch", "search"], (await client.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Contains("not available here", (await client.CallAsync("get_objects", new { object_type = "contacts", id = 1 })).Error(), StringComparison.Ordinal);
        Assert.Equal("contacts/1", (await client.SearchAsync("John Smith"))[0]!.Text("id"));

        // And a server without the toolset offers neither, whatever the header asks.
        await using var without = new ServerHost(("ONTRAPORT_MCP_TOOLSETS", "crud,query"));
        await using var asking = await without.ConnectAsync(era, new Dictionary<string, string> { ["X-MCP-Toolsets"] = "search,crud" });
        var names = (await asking.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.DoesNotContain("search", names);
        Assert.Contains("get_objects", names);
        Assert.Contains("not available here", (await asking.CallAsync("search", new { query = "John" })).Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_setting_can_offer_the_search_toolset_alone()
    {
        await using var host = new ServerHost(("ONTRAPORT_MCP_TOOLSETS", "search"));
        await using var client = await host.ConnectAsync();
        Assert.Equal(["fetch", "search"], (await client.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task Both_are_titled_read_only_and_take_their_one_required_string(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        var tools = (await client.ListToolsAsync()).ToDictionary(t => t.Name, t => t.ProtocolTool);
        foreach (var (name, parameter, title) in new[] { ("search", "query", "Search records"), ("fetch", "id", "Fetch record") })
        {
            var tool = tools[name];
            Assert.Equal(title, tool.Annotations!.Title);
            Assert.True(tool.Annotations.ReadOnlyHint);
            Assert.NotEqual(true, tool.Annotations.DestructiveHint);
            var schema = JsonNode.Parse(tool.InputSchema.GetRawText())!;
            Assert.Equal([parameter], schema["properties"]!.AsObject().Select(p => p.Key));
            Assert.Equal("string", schema["properties"]![parameter]!["type"]!.GetValue<string>());
            Assert.Equal([parameter], schema["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Together_they_cost_at_most_1000_bytes_of_tools_list()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(headers: new Dictionary<string, string> { ["X-MCP-Toolsets"] = "search" });

        // As the SDK writes them on the wire; each tool in the full list also costs the comma before it.
        var response = await client.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.ToolsList, Params = new JsonObject() });
        var tools = response.Result!["tools"]!.AsArray();
        var bytes = tools.Sum(t => JsonSerializer.SerializeToUtf8Bytes(t, McpJsonUtilities.DefaultOptions).Length + 1);
        output.WriteLine($"search and fetch: {bytes} bytes of tools/list");
        Assert.Equal(2, tools.Count);
        Assert.True(bytes <= Budget, $"search and fetch cost {bytes} bytes; the budget is {Budget}");
    }
}
