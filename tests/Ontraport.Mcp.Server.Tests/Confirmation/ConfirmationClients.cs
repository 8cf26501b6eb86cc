using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Ontraport.Mcp.Server.Tests.Confirmation;

/// <summary>
/// The two ways a test talks to a server that asks first: the SDK's own client (2026-07-28) with an elicitation handler
/// that answers as told and a handler that records every JSON-RPC message on the wire, and raw JSON-RPC over HTTP for
/// the states a well-behaved client never sends (altered, replayed, re-targeted, foreign, expired).
/// </summary>
public static class ConfirmationClients
{
    /// <summary>Connects the SDK client with form elicitation; <paramref name="answer"/> plays the person.</summary>
    public static async Task<McpClient> AskingClientAsync(ServerHost host, Func<ElicitRequestParams, ElicitResult> answer, List<JsonNode>? wire = null,
        IDictionary<string, string>? headers = null)
    {
        var http = wire is null ? host.CreateDefaultClient() : host.CreateDefaultClient(new WireRecorder(wire));
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        }, http, NullLoggerFactory.Instance, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "confirm-tests", Version = "1.0" },
            Handlers = new McpClientHandlers { ElicitationHandler = (request, _) => ValueTask.FromResult(answer(request!)) },
        });
    }

    public static ElicitResult Accept(bool confirm = true) => new() { Action = "accept", Content = new Dictionary<string, JsonElement> { ["confirm"] = JsonSerializer.SerializeToElement(confirm) } };

    public static ElicitResult Decline() => new() { Action = "decline" };

    public static ElicitResult Cancel() => new() { Action = "cancel" };

    /// <summary>The per-request metadata of a 2026-07-28 client that declares form elicitation.</summary>
    public const string AskingMeta = """
        {"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"elicitation":{"form":{}}},"io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1"}}
        """;

    /// <summary>One raw tools/call; returns the JSON-RPC <c>result</c> (or the whole message when there is none).</summary>
    public static async Task<JsonNode> CallRawAsync(HttpClient http, string tool, JsonObject arguments, string? requestState = null, JsonObject? inputResponses = null,
        IDictionary<string, string>? headers = null)
    {
        var parameters = new JsonObject { ["name"] = tool, ["arguments"] = arguments.DeepClone(), ["_meta"] = JsonNode.Parse(AskingMeta) };
        if (requestState is not null)
        {
            parameters["requestState"] = requestState;
        }

        if (inputResponses is not null)
        {
            parameters["inputResponses"] = inputResponses.DeepClone();
        }

        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "tools/call", ["params"] = parameters };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", "tools/call");
        request.Headers.Add("Mcp-Name", tool);
        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(key, value);
        }

        using var response = await http.SendAsync(request);
        var message = Message(await response.Content.ReadAsStringAsync());
        return message["result"] ?? message;
    }

    public static JsonObject Answer(string action, bool? confirm = null) => new()
    {
        ["confirm"] = confirm is null ? new JsonObject { ["action"] = action } : new JsonObject { ["action"] = action, ["content"] = new JsonObject { ["confirm"] = confirm } },
    };

    public static string TextOf(JsonNode result) => result["content"]![0]!["text"]!.GetValue<string>();

    public static bool IsError(JsonNode result) => result["isError"]?.GetValue<bool>() == true;

    /// <summary>The JSON-RPC message of a response: the SSE event's data, or the plain JSON body.</summary>
    public static JsonNode Message(string text)
    {
        var data = text.Split('\n').FirstOrDefault(l => l.StartsWith("data: ", StringComparison.Ordinal));
        return JsonNode.Parse(data is null ? text : data["data: ".Length..])!;
    }

    /// <summary>Keeps every tools/call request and response body as the SDK client sent and received it.</summary>
    private sealed class WireRecorder(List<JsonNode> wire) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sent = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            if (sent is not null && sent.Contains("\"tools/call\"", StringComparison.Ordinal))
            {
                var received = await response.Content.ReadAsStringAsync(cancellationToken);
                lock (wire)
                {
                    wire.Add(new JsonObject { ["sent"] = JsonNode.Parse(sent), ["received"] = Message(received) });
                }

                var copy = new StringContent(received, Encoding.UTF8);
                copy.Headers.ContentType = response.Content.Headers.ContentType;
                response.Content = copy;
            }

            return response;
        }
    }
}
