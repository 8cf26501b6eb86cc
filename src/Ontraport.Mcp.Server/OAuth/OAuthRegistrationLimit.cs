using System.Globalization;
using System.Threading.RateLimiting;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// Dynamic client registration is open to anyone (RFC 7591), so each client IP may register at most
/// <see cref="OAuthSettings.RegistrationsPerHour"/> clients an hour (ASP.NET Core's rate limiter, a fixed window per
/// address); the next one is a 429 with <c>Retry-After</c> and nothing stored. Behind a reverse proxy, ASP.NET Core's
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> makes the address the client's (from <c>X-Forwarded-For</c>), not the
/// proxy's; its middleware runs before this one.
/// </summary>
internal static class OAuthRegistrationLimit
{
    public static void AddTo(IServiceCollection services, OAuthSettings settings)
    {
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals("/oauth/register", StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = settings.RegistrationsPerHour,
                        Window = TimeSpan.FromHours(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromHours(1);
                var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
                response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await response.WriteAsJsonAsync(new
                {
                    error = "too_many_registrations",
                    error_description = $"This address registered {settings.RegistrationsPerHour} clients in the last hour, the most this server allows (ONTRAPORT_MCP_OAUTH_REGISTRATIONS_PER_HOUR). Reuse a registered client_id, or try again in {minutes} minutes.",
                }, cancellationToken);
            };
        });
    }
}
