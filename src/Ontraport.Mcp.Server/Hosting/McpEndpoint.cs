using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Mcp.Server.Tools;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// The MCP endpoint (DESIGN §3.1): the SDK's <c>MapMcp</c>, stateless, at <c>/mcp</c> and <c>/</c>. The SDK implements
/// the protocol in both eras (initialize for 2025-03-26…2025-11-25; per-request <c>_meta</c>, <c>server/discover</c> and
/// the <c>Mcp-Method</c>/<c>Mcp-Name</c> headers for 2026-07-28), Accept (406), the JSON-RPC body (400) and the
/// protocol-version rules. What it leaves to the host is here, as standard ASP.NET Core parts, in this order: Host and
/// Origin (403, before anything else), authentication (401, the scheme of the mode (<see cref="Authentication.AuthenticationModes"/>) behind
/// <c>RequireAuthorization</c>), the narrowing headers (400), Content-Type (415) and the body limit (413).
/// </summary>
public static class McpEndpoint
{
    /// <summary>The versions served through the initialize handshake, newest first.</summary>
    public static readonly IReadOnlyList<string> InitializeVersions = ["2025-11-25", "2025-06-18", "2025-03-26"];

    /// <summary>The per-request (sessionless) revision.</summary>
    public const string PerRequestVersion = "2026-07-28";

    /// <summary>Every version served, newest first.</summary>
    public static readonly IReadOnlyList<string> SupportedVersions = [PerRequestVersion, .. InitializeVersions];

    public const string AuthorizationPolicy = "mcp";

    public static readonly string[] Paths = ["/mcp", "/"];

    /// <summary>Marks the MCP endpoints so the host's checks run for them and nothing else.</summary>
    public sealed class Marker;

    public static void Map(WebApplication app)
    {
        foreach (var path in Paths)
        {
            app.MapMcp(path).WithMetadata(new Marker()).RequireAuthorization(AuthorizationPolicy);

            // A stateless server has no stream to GET and no session to DELETE.
            app.MapMethods(path, ["GET", "DELETE", "PUT", "PATCH"], async context =>
            {
                context.Response.Headers.Allow = "POST";
                await McpHttpErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed,
                    $"Method Not Allowed: this server is stateless; send JSON-RPC messages with POST. {context.Request.Method} is not used.");
            }).WithMetadata(new Marker());
        }
    }

    /// <summary>Host and Origin, before authentication: a rebinding page must learn nothing, not even that a token is needed.</summary>
    public static async Task CheckOriginAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null &&
            context.RequestServices.GetRequiredService<OriginPolicy>().Reject(context) is { } problem)
        {
            McpHttpErrors.AuditRefusal(context, "refused: 403 " + problem);
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, problem);
            return;
        }

        await next(context);
    }

    /// <summary>After authentication: the narrowing headers, Content-Type, the 2024-11-05 header we do not serve, and the body limit.</summary>
    public static async Task CheckRequestAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<Marker>() is null || !HttpMethods.IsPost(context.Request.Method))
        {
            await next(context);
            return;
        }

        var settings = context.RequestServices.GetRequiredService<ServerSettings>();
        var inventory = context.RequestServices.GetRequiredService<ToolInventory>().Narrow(context.Request.Headers, out var headerProblem);
        if (headerProblem is not null)
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad Request: " + headerProblem);
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType) || !contentType.MatchesMediaType("application/json"))
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, McpRequestHeaders.ContentTypeRefusal);
            return;
        }

        // The SDK also knows 2024-11-05, an HTTP+SSE-era revision this streamable-HTTP server does not serve (its clients
        // send no version header; the initialize filter answers them with our newest version).
        var version = context.Request.Headers["MCP-Protocol-Version"].ToString();
        if (version == UnservedSdkVersion)
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, UnsupportedVersion(version, await RequestIdAsync(context, settings)));
            return;
        }

        var tooLarge = $"Payload Too Large: the request body is larger than {settings.MaxRequestBodyBytes / 1024} KB; send smaller arguments.";
        if (context.Request.ContentLength > settings.MaxRequestBodyBytes)
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, tooLarge);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = settings.MaxRequestBodyBytes; // a chunked body is cut by Kestrel at the same size
        }

        var call = CallContext.Of(context);
        call.Inventory = inventory.Restrict(call.Allowance); // the authentication scheme filled the account and allowance
        try
        {
            if (version != PerRequestVersion && await VersionMismatchAsync(context, version) is { } mismatch)
            {
                await McpHttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, mismatch);
                return;
            }

            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await McpHttpErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, tooLarge);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away before the answer was complete: nothing to answer, nothing to report as an error.
            // A money-moving request that was already sent stays recorded by the duplicate guard.
        }
    }

    /// <summary>A revision the SDK knows and we do not serve.</summary>
    public const string UnservedSdkVersion = "2024-11-05";

    /// <summary>
    /// An initialize that asks for a version we do not serve is answered with our newest, as the spec's negotiation
    /// prescribes (the SDK alone would accept every version it knows).
    /// </summary>
    public static McpMessageHandler NegotiateInitialize(McpMessageHandler next) => (message, cancellationToken) =>
    {
        if (message.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.Initialize, Params: JsonObject parameters } &&
            parameters["protocolVersion"] is JsonValue requested && requested.GetValueKind() == JsonValueKind.String &&
            (string?)requested is { } version && !InitializeVersions.Contains(version))
        {
            parameters["protocolVersion"] = InitializeVersions[0];
        }

        return next(message, cancellationToken);
    };

    /// <summary>The <c>_meta</c> key of the 2026-07-28 revision that names the request's protocol version.</summary>
    public const string ProtocolVersionMetaKey = "io.modelcontextprotocol/protocolVersion";

    /// <summary>
    /// 2026-07-28 (transports, "Protocol Version Header"): the header MUST match the body's <c>_meta</c> protocol version,
    /// else 400 with HeaderMismatch. The SDK checks this when the header names the per-request revision; with an
    /// initialize-era header (or none) and a per-request body it served the request in the older era, so a gateway
    /// routing on the header and the server acting on the body disagreed. Only those requests are read here (buffered,
    /// so the SDK reads the same bytes); the per-request era costs nothing extra.
    /// </summary>
    private static async Task<JsonRpcError?> VersionMismatchAsync(HttpContext context, string header)
    {
        context.Request.EnableBuffering();
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object ||
                !parameters.TryGetProperty("_meta", out var meta) || meta.ValueKind != JsonValueKind.Object ||
                !meta.TryGetProperty(ProtocolVersionMetaKey, out var declared) || declared.ValueKind != JsonValueKind.String ||
                declared.GetString() == header)
            {
                return null;
            }

            var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? idElement.Deserialize<RequestId>(McpJsonUtilities.DefaultOptions)
                : default;
            return new JsonRpcError
            {
                Id = id,
                Error = new JsonRpcErrorDetail
                {
                    Code = (int)McpErrorCode.HeaderMismatch,
                    Message = header.Length == 0
                        ? $"Bad Request: the body's _meta declares protocol version '{declared.GetString()}' but the MCP-Protocol-Version header is missing; send 'MCP-Protocol-Version: {declared.GetString()}'."
                        : $"Bad Request: the MCP-Protocol-Version header '{header}' does not match the body's _meta protocol version '{declared.GetString()}'; send the same version in both.",
                },
            };
        }
        catch (JsonException)
        {
            return null; // not JSON-RPC: the SDK answers that
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
    }

    /// <summary>The JSON-RPC id of the body, for the rare refusals the host writes before the SDK parses it.</summary>
    private static async Task<RequestId> RequestIdAsync(HttpContext context, ServerSettings settings)
    {
        if (context.Request.ContentLength is not { } length || length > settings.MaxRequestBodyBytes)
        {
            return default;
        }

        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("id", out var id)
                ? id.Deserialize<RequestId>(McpJsonUtilities.DefaultOptions)
                : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }

    public static JsonRpcError UnsupportedVersion(string requested, RequestId id = default) => new()
    {
        Id = id,
        Error = new JsonRpcErrorDetail
        {
            Code = (int)McpErrorCode.UnsupportedProtocolVersion,
            Message = $"Bad Request: MCP-Protocol-Version '{requested}' is not supported. Supported: {string.Join(", ", SupportedVersions)}.",
            Data = JsonSerializer.SerializeToNode(
                new UnsupportedProtocolVersionErrorData { Supported = [.. SupportedVersions], Requested = requested }, McpJsonUtilities.DefaultOptions),
        },
    };
}
