using System.Data.Common;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// When the OAuth store (PostgreSQL, or a SQLite file on a failing disk) cannot be reached, every request that needs it
/// (token validation on the MCP endpoint, registration, consent, the token endpoint) answers 503 with Retry-After and a
/// sentence that says what is wrong, instead of a 500. Nothing is half-written: each of those requests writes in one
/// transaction or not at all. Logged once a minute, without the exception's text (a connection string can be in it).
/// </summary>
public static class OAuthStoreOutage
{
    public const string Message = "The server's sign-in store (its database) is unreachable right now, so this request cannot be checked. " +
        "Nothing was changed; try again in a minute. If it persists, the operator should check ONTRAPORT_MCP_DATABASE.";

    private static long _lastLogged;

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (IsStoreFailure(ex) && !context.Response.HasStarted)
        {
            var time = context.RequestServices.GetRequiredService<TimeProvider>();
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            var last = Interlocked.Read(ref _lastLogged);
            if (now - last >= 60 && Interlocked.CompareExchange(ref _lastLogged, now, last) == last)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OAuthStoreOutage))
                    .LogError("The OAuth store is unreachable ({ExceptionType}); signed-in requests answer 503 until it returns", Innermost(ex).GetType().Name);
            }

            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "60";
            await context.Response.WriteAsJsonAsync(new { error = "temporarily_unavailable", error_description = Message });
        }
    }

    /// <summary>A database failure anywhere in the chain (EF Core wraps the provider's in its own exceptions).</summary>
    public static bool IsStoreFailure(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is DbException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is null ? ex : Innermost(ex.InnerException);
}
