using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// Dynamic client registration is open to anyone (RFC 7591), so each client may register at most
/// <see cref="OAuthSettings.RegistrationsPerHour"/> clients an hour; the next one is a 429 with <c>Retry-After</c> and
/// nothing stored. ASP.NET Core's rate limiter on the endpoint itself (<c>RequireRateLimiting</c>), so whatever spelling
/// routing accepts (<c>/oauth/register/</c>, <c>/OAuth/Register</c>) is counted; a fixed window per client, an IPv6 client
/// by its /64 (<see cref="ClientAddress"/>). Behind a reverse proxy the client is the one its trusted
/// <c>X-Forwarded-For</c> names (<c>ONTRAPORT_MCP_TRUSTED_PROXIES</c>), never one a client names itself.
/// </summary>
internal sealed class OAuthRegistrationLimit(OAuthSettings settings) : IRateLimiterPolicy<string>
{
    public const string Policy = "oauth-registration";

    public static void AddTo(IServiceCollection services) =>
        services.AddRateLimiter(options => options.AddPolicy<string, OAuthRegistrationLimit>(Policy));

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(ClientAddress.PartitionOf(httpContext), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.RegistrationsPerHour,
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        });

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, cancellationToken) =>
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
}
