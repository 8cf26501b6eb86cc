namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// The two headers every POST needs, refused with a sentence that names them. Without these, a POST pasted from a blog
/// post (<c>curl -d '…'</c> sends <c>application/x-www-form-urlencoded</c>) met routing's empty 415 (the SDK's endpoint
/// accepts only <c>application/json</c>), and an <c>Accept</c> without both types the SDK's 406 that named the types but
/// not the header.
/// </summary>
public static class McpRequestHeaders
{
    public const string ContentTypeRefusal =
        "Unsupported Media Type: send the JSON-RPC message as JSON with the header Content-Type: application/json (and the header Accept: application/json, text/event-stream).";

    public const string AcceptRefusal =
        "Not Acceptable: send the header Accept: application/json, text/event-stream (the answer is JSON or one server-sent event).";

    /// <summary>
    /// Before authentication, where routing decides: a POST to the MCP endpoint whose Content-Type the SDK's endpoint does
    /// not accept finds routing's 415 endpoint instead of ours. Host and Origin are still checked first (403).
    /// </summary>
    public static async Task NameTheContentTypeAsync(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsPost(context.Request.Method) && McpEndpoint.Paths.Contains(context.Request.Path.Value ?? "", StringComparer.Ordinal) &&
            context.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<McpEndpoint.Marker>() is null &&
            endpoint.DisplayName?.StartsWith("415", StringComparison.Ordinal) == true)
        {
            if (context.RequestServices.GetRequiredService<OriginPolicy>().Reject(context) is { } problem)
            {
                McpHttpErrors.AuditRefusal(context, "refused: 403 " + problem);
                await McpHttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, problem);
                return;
            }

            await McpHttpErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, ContentTypeRefusal);
            return;
        }

        await next(context);
    }

    /// <summary>
    /// Just before the SDK, after every other check: the SDK's own rule (the Accept header must admit both
    /// <c>application/json</c> and <c>text/event-stream</c>; <c>*/*</c> does), with a message that names the header.
    /// </summary>
    public static async Task NameTheAcceptAsync(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<McpEndpoint.Marker>() is not null)
        {
            var accept = context.Request.GetTypedHeaders().Accept;
            if (!accept.Any(a => a.MatchesMediaType("application/json")) || !accept.Any(a => a.MatchesMediaType("text/event-stream")))
            {
                await McpHttpErrors.WriteAsync(context, StatusCodes.Status406NotAcceptable, AcceptRefusal);
                return;
            }
        }

        await next(context);
    }
}
