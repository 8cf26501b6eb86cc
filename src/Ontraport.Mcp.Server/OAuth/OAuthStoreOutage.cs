using System.Data.Common;
using Ontraport.Client.RateLimiting;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// When the OAuth store (PostgreSQL, or a SQLite file on a failing disk) cannot be reached, every request that needs it
/// (token validation on the MCP endpoint, registration, consent, the token endpoint) answers 503 with Retry-After and a
/// sentence that says what is wrong, instead of a 500. Nothing is half-written: each of those requests writes in one
/// transaction or not at all. Logged once a minute, without the exception's text (a connection string can be in it).
/// </summary>
internal sealed class OAuthStoreOutage(RequestDelegate next, TimeProvider time, ILogger<OAuthStoreOutage> logger)
{
    public const string Message = "The server's sign-in store (its database) is unreachable right now, so this request cannot be checked. " +
        "Nothing was changed; try again in a minute. If it persists, the operator should check ONTRAPORT_MCP_DATABASE.";

    private readonly LogThrottle _log = new(time, TimeSpan.FromMinutes(1));

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (StoreFailure(ex) is { } failure && !context.Response.HasStarted)
        {
            if (_log.ShouldLog())
            {
                logger.LogError("The OAuth store is unreachable ({ExceptionType}); signed-in requests answer 503 until it returns", failure.GetType().Name);
            }

            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "60";
            await context.Response.WriteAsJsonAsync(new { error = "temporarily_unavailable", error_description = Message });
        }
    }

    /// <summary>The database provider's failure anywhere in the chain (EF Core wraps it in its own exceptions); null for anything else.</summary>
    private static DbException? StoreFailure(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is DbException failure)
            {
                return failure;
            }
        }

        return null;
    }
}
