using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Bench;

/// <summary>How a <see cref="McpHttp"/> client speaks: which protocol era, and whether it initializes first.</summary>
public enum McpEra
{
    /// <summary>2025-11-25 with initialize (keeping the session id when the server issues one).</summary>
    Initialized2025,

    /// <summary>2025-11-25 without initialize: every POST stands alone with only the MCP-Protocol-Version header.</summary>
    Stateless2025,

    /// <summary>2026-07-28: no initialize; MCP-Protocol-Version, Mcp-Method and Mcp-Name headers and per-request _meta.</summary>
    Sessionless2026,
}

/// <summary>
/// A minimal MCP streamable-HTTP client for load: initialize (keeping the session id when the server issues one),
/// tools/list, tools/call; answers parsed from JSON or the first SSE data line. No SDK overhead in the numbers.
/// </summary>
public sealed class McpHttp(HttpClient http, Uri endpoint, McpEra era = McpEra.Initialized2025)
{
    public McpEra Era => era;

    private string? _session;
    private int _id;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (era != McpEra.Initialized2025)
        {
            return;
        }

        var initialize = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref _id),
            ["method"] = "initialize",
            ["params"] = new JsonObject
            {
                ["protocolVersion"] = "2025-11-25",
                ["capabilities"] = new JsonObject(),
                ["clientInfo"] = new JsonObject { ["name"] = "bench", ["version"] = "1" },
            },
        };
        using var response = await SendAsync(initialize.ToJsonString(), cancellationToken);
        if (response.Headers.TryGetValues("Mcp-Session-Id", out var ids))
        {
            _session = ids.First();
        }

        await response.Content.ReadAsStringAsync(cancellationToken);
        using var initialized = await SendAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", cancellationToken);
    }

    public async Task<JsonNode> ListToolsAsync(CancellationToken cancellationToken) =>
        await RequestAsync("tools/list", new JsonObject(), cancellationToken);

    /// <summary>
    /// For load loops: sends a request and checks only the status and that a result came back, so the driver's own
    /// parsing does not weigh on the server with the larger answer.
    /// </summary>
    public async Task ExpectResultAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(Body(method, parameters), cancellationToken, method, ToolName(parameters));
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || !text.Contains("\"result\"", StringComparison.Ordinal) || text.Contains("\"isError\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{method}: HTTP {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
        }
    }

    public async Task<JsonNode> CallToolAsync(string name, JsonObject arguments, CancellationToken cancellationToken) =>
        await RequestAsync("tools/call", new JsonObject { ["name"] = name, ["arguments"] = arguments }, cancellationToken);

    /// <summary>The text of a tool result (the compact JSON the agent would read).</summary>
    public static string ToolText(JsonNode result) => result["result"]?["content"]?[0]?["text"]?.GetValue<string>() ?? "";

    private async Task<JsonNode> RequestAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(Body(method, parameters), cancellationToken, method, ToolName(parameters));
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method}: HTTP {(int)response.StatusCode} {text}");
        }

        // An SSE answer may open with a priming event whose data is empty (the TypeScript SDK's servers do): take the
        // first data line that carries JSON.
        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()).First(d => d.StartsWith('{'))
            : text;
        var node = JsonNode.Parse(json)!;
        return node["error"] is null ? node : throw new InvalidOperationException($"{method}: {node["error"]!.ToJsonString()}");
    }

    /// <summary>
    /// The raw answer (the whole SSE or JSON body) of one request, after checking the status: what the timed loops
    /// measure, so the driver's parsing stays out of the numbers.
    /// </summary>
    public async Task<string> PostAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(Body(method, parameters), cancellationToken, method, ToolName(parameters));
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"{method}: HTTP {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
    }

    private static string? ToolName(JsonObject parameters) => parameters["name"]?.GetValue<string>();

    private string Body(string method, JsonObject parameters)
    {
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _id), ["method"] = method, ["params"] = parameters.DeepClone() };
        if (era == McpEra.Sessionless2026)
        {
            body["params"]!["_meta"] = new JsonObject
            {
                ["io.modelcontextprotocol/protocolVersion"] = "2026-07-28",
                ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
            };
        }

        return body.ToJsonString();
    }

    private async Task<HttpResponseMessage> SendAsync(string json, CancellationToken cancellationToken, string? method = null, string? name = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", era == McpEra.Sessionless2026 ? "2026-07-28" : "2025-11-25");
        if (era == McpEra.Sessionless2026 && method is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Method", method);
            if (name is not null)
            {
                request.Headers.TryAddWithoutValidation("Mcp-Name", name);
            }
        }

        if (_session is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", _session);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    public static JsonSerializerOptions Pretty { get; } = new() { WriteIndented = true };
}
