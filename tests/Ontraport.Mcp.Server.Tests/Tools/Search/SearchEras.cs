using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Ontraport.Mcp.Server.Tests.Search;

/// <summary>What the search tests share: both protocol eras, and an answer read the way ChatGPT reads it.</summary>
public static class SearchEras
{
    /// <summary>The initialize era (Claude's and ChatGPT's connectors today) and the per-request era.</summary>
    public static TheoryData<string> Eras => new() { "2025-11-25", "2026-07-28" };

    /// <summary>
    /// Calls a tool and checks OpenAI's shape: exactly one content item, of type text, holding JSON (not an error).
    /// </summary>
    public static async Task<JsonObject> OneTextItemAsync(this McpClient client, string tool, IReadOnlyDictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        var item = Assert.IsType<TextContentBlock>(Assert.Single(result.Content));
        Assert.False(result.IsError == true, item.Text);
        return Assert.IsType<JsonObject>(JsonNode.Parse(item.Text));
    }

    public static async Task<JsonArray> SearchAsync(this McpClient client, string query)
    {
        var answer = await client.OneTextItemAsync("search", new Dictionary<string, object?> { ["query"] = query });
        Assert.Equal(["results"], answer.Select(p => p.Key));
        return answer["results"]!.AsArray();
    }

    public static string Text(this JsonNode? node, string key) => node![key]!.GetValue<string>();
}
