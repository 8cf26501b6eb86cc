using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// The streamable HTTP endpoint (DESIGN §3.1), built on the SDK's <see cref="StreamableHttpServerTransport"/> because
/// ModelContextProtocol.AspNetCore cannot be restored here. Stateless: every POST gets a fresh transport and
/// <see cref="McpServer"/>, so any instance can serve any request. The SDK's core does no HTTP-level validation, so
/// the checks run here, in this order: Host/Origin (403), credentials (401), Accept (406), Content-Type (415), body
/// size (413), JSON-RPC body (400), MCP-Protocol-Version (400).
/// </summary>
public sealed class McpHttpEndpoint
{
    /// <summary>The versions served through the initialize handshake. 2026-07-28 (no handshake) is refused cleanly.</summary>
    public static readonly IReadOnlyList<string> SupportedProtocolVersions = ["2025-11-25", "2025-06-18", "2025-03-26"];

    private static readonly JsonSerializerOptions JsonOptions = McpJsonUtilities.DefaultOptions;

    private readonly ServerSettings _settings;
    private readonly OriginPolicy _origins;
    private readonly RequestCredentials _credentials;
    private readonly ToolSelection _selection;
    private readonly AuditTrail _audit;
    private readonly SecretRegistry _secrets;
    private readonly TimeProvider _time;
    private readonly IOptionsFactory<McpServerOptions> _serverOptions;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    public McpHttpEndpoint(
        ServerSettings settings, OriginPolicy origins, RequestCredentials credentials, AuditTrail audit, SecretRegistry secrets,
        TimeProvider time, IOptionsFactory<McpServerOptions> serverOptions, ILoggerFactory loggers)
    {
        _settings = settings;
        _origins = origins;
        _credentials = credentials;
        _selection = ToolSelection.FromSettings(settings);
        _audit = audit;
        _secrets = secrets;
        _time = time;
        _serverOptions = serverOptions;
        _loggers = loggers;
        _logger = loggers.CreateLogger<McpHttpEndpoint>();
    }

    public async Task HandlePostAsync(HttpContext context)
    {
        if (_origins.Reject(context) is { } originProblem)
        {
            AuditRefusal(context, null, "refused: 403 " + originProblem);
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, originProblem);
            return;
        }

        var resolution = _credentials.Resolve(context);
        if (resolution.Problem is { } authProblem)
        {
            AuditRefusal(context, null, "refused: 401 " + authProblem);
            context.Response.Headers.WWWAuthenticate = resolution.Challenge;
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, authProblem);
            return;
        }

        if (_settings.Mode == ServerMode.Passthrough)
        {
            _secrets.Add(resolution.Credentials!.ApiKey); // never printed, even by accident
        }

        var selection = _selection.Narrow(context.Request.Headers, out var selectionProblem);
        if (selectionProblem is not null)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Bad Request: " + selectionProblem);
            return;
        }

        var accept = context.Request.GetTypedHeaders().Accept;
        if (!accept.Any(a => a.MatchesMediaType("application/json")) || !accept.Any(a => a.MatchesMediaType("text/event-stream")))
        {
            await WriteErrorAsync(context, StatusCodes.Status406NotAcceptable,
                "Not Acceptable: send 'Accept: application/json, text/event-stream' (streamable HTTP requires both).");
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType) || !contentType.MatchesMediaType("application/json"))
        {
            await WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType,
                "Unsupported Media Type: send the JSON-RPC message with 'Content-Type: application/json'.");
            return;
        }

        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge,
                $"The request body is larger than {_settings.MaxRequestBodyBytes / 1024} KB; send smaller arguments.");
            return;
        }

        var message = Parse(body.Value, out var parseProblem);
        if (message is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, parseProblem!, (int)McpErrorCode.InvalidRequest);
            return;
        }

        var requestId = message is JsonRpcRequest request ? request.Id : default;
        var version = context.Request.Headers["MCP-Protocol-Version"].ToString();
        if (version.Length > 0 && !SupportedProtocolVersions.Contains(version))
        {
            // -32022 with the supported list is what a dual-path client (the SDK's default, which probes 2026-07-28
            // with server/discover first) needs to fall back to the initialize handshake.
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, new JsonRpcError
            {
                Id = requestId,
                Error = new JsonRpcErrorDetail
                {
                    Code = (int)McpErrorCode.UnsupportedProtocolVersion,
                    Message = $"Bad Request: MCP-Protocol-Version '{version}' is not supported. Supported: {string.Join(", ", SupportedProtocolVersions)}.",
                    Data = JsonSerializer.SerializeToNode(new UnsupportedProtocolVersionErrorData { Supported = [.. SupportedProtocolVersions], Requested = version }, JsonOptions),
                },
            });
            return;
        }

        var call = context.RequestServices.GetRequiredService<CallContext>();
        call.Credentials = resolution.Credentials;
        call.ClientName = ClientName(context, message);
        call.Selection = selection;
        await RunAsync(context, message);
    }

    /// <summary>GET (server-initiated stream) and DELETE (session end) have no meaning for a stateless server.</summary>
    public async Task HandleOtherAsync(HttpContext context)
    {
        if (_origins.Reject(context) is { } originProblem)
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, originProblem);
            return;
        }

        context.Response.Headers.Allow = "POST";
        await WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed,
            $"Method Not Allowed: this server is stateless; send JSON-RPC messages with POST. {context.Request.Method} is not used.");
    }

    private async Task RunAsync(HttpContext context, JsonRpcMessage message)
    {
        var options = _serverOptions.Create(Options.DefaultName);
        options.ScopeRequests = false; // the HTTP request's scope is the call's scope
        await using var transport = new StreamableHttpServerTransport(_loggers) { Stateless = true };
        await using var server = McpServer.Create(transport, options, _loggers, context.RequestServices);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var running = server.RunAsync(stop.Token);

        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            var wrote = await transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted);
            if (!wrote)
            {
                // A notification or response from the client: accepted, nothing to say.
                context.Response.Headers.ContentType = default;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            _logger.LogDebug("The client went away before the answer was complete.");
        }
        finally
        {
            await transport.DisposeAsync();
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // expected: the per-request server stops with its request
            }
        }
    }

    private void AuditRefusal(HttpContext context, string? account, string outcome) =>
        _audit.Record(new AuditEntry(_time.GetUtcNow(), "http_refused", account, Shorten(context.Request.Headers.UserAgent.ToString()), null, null,
            outcome.Length > 200 ? outcome[..200] : outcome, 0, 0));

    private static string? Shorten(string text) => text.Length == 0 ? null : text.Length > 100 ? text[..100] : text;

    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context)
    {
        var limit = _settings.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var span = buffer.GetMemory(8192);
            var read = await context.Request.Body.ReadAsync(span, context.RequestAborted);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }

    private static JsonRpcMessage? Parse(ReadOnlyMemory<byte> body, out string? problem)
    {
        problem = null;
        try
        {
            var node = JsonNode.Parse(body.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            if (node is JsonArray)
            {
                problem = "Bad Request: JSON-RPC batches are not supported; send one message per POST.";
                return null;
            }

            if (node is not JsonObject obj || obj["jsonrpc"]?.GetValueKind() != JsonValueKind.String || (string?)obj["jsonrpc"] != "2.0")
            {
                problem = "Bad Request: the body must be one JSON-RPC 2.0 message ({\"jsonrpc\":\"2.0\", …}).";
                return null;
            }

            NegotiateInitialize(obj);
            return obj.Deserialize<JsonRpcMessage>(JsonOptions) ?? throw new JsonException("empty message");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NotSupportedException or ArgumentException)
        {
            problem = "Bad Request: the body is not a valid JSON-RPC message (" + FirstLine(ex.Message) + ").";
            return null;
        }
    }

    /// <summary>
    /// An initialize that asks for a version we do not serve (e.g. 2024-11-05) is answered with our newest version, as
    /// the spec's negotiation prescribes; the SDK alone would accept every version it knows.
    /// </summary>
    private static void NegotiateInitialize(JsonObject message)
    {
        if ((string?)message["method"] == RequestMethods.Initialize &&
            message["params"] is JsonObject parameters &&
            parameters["protocolVersion"]?.GetValueKind() == JsonValueKind.String &&
            !SupportedProtocolVersions.Contains((string)parameters["protocolVersion"]!))
        {
            parameters["protocolVersion"] = SupportedProtocolVersions[0];
        }
    }

    private static string? ClientName(HttpContext context, JsonRpcMessage message)
    {
        if (message is JsonRpcRequest { Method: RequestMethods.Initialize, Params: JsonObject p } && p["clientInfo"]?["name"] is JsonValue name)
        {
            return (string?)name;
        }

        var agent = context.Request.Headers.UserAgent.ToString();
        return agent.Length == 0 ? null : agent.Length > 100 ? agent[..100] : agent;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 200 ? line[..200] : line;
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message, int code = -32000) =>
        WriteJsonAsync(context, status, new JsonRpcError { Id = default, Error = new JsonRpcErrorDetail { Code = code, Message = message } });

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonRpcMessage error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, error, JsonOptions, context.RequestAborted);
    }
}
