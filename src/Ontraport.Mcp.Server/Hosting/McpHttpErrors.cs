using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Ontraport.Mcp.Server.Text;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// The JSON-RPC error bodies the host writes for what the SDK leaves to it (403, 401, 400 narrowing, 415, 413, 405), in
/// the SDK's own shape, so a client reads every refusal the same way.
/// </summary>
public static class McpHttpErrors
{
    public static Task WriteAsync(HttpContext context, int status, string message, int code = -32000, RequestId id = default) =>
        WriteAsync(context, status, new JsonRpcError { Id = id, Error = new JsonRpcErrorDetail { Code = code, Message = message } });

    public static async Task WriteAsync(HttpContext context, int status, JsonRpcError error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        try
        {
            await JsonSerializer.SerializeAsync(context.Response.Body, error, McpJsonUtilities.DefaultOptions, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (a 2025-era client drops its GET once it reads 405): nobody is left to answer.
        }
    }

    /// <summary>Refused HTTP requests are audited (the account is unknown at this point; the client is its User-Agent).</summary>
    public static void AuditRefusal(HttpContext context, string outcome)
    {
        var audit = context.RequestServices.GetRequiredService<AuditTrail>();
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        audit.Record(new AuditEntry(time.GetUtcNow(), "http_refused", null, Shorten(context.Request.Headers.UserAgent.ToString(), 100), null, null,
            Shorten(outcome, 200) ?? outcome, 0, 0));
    }

    public static string? Shorten(string text, int length) => text.Length == 0 ? null : TextLimit.Shorten(text, length, mark: "");
}
