using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Ontraport.Client.Http;

/// <summary>
/// The innermost step of one attempt, inside the resilience pipeline's per-attempt timeout: counts the request as
/// sent, reads the whole body (so a body cut short fails the attempt, where the retry rules can judge it), and
/// re-syncs the account's token bucket from <c>X-Rate-Limit-Remaining</c> / <c>-Reset</c>.
/// </summary>
internal sealed class OntraportAttemptHandler(OntraportClientOptions options, TimeProvider time, ILogger<OntraportTransport> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var exchange = OntraportExchange.Of(request);
        if (exchange is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var started = time.GetTimestamp();
        exchange.Sent = true;
        exchange.Call.CountRequest(exchange.Request.Effect);
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(options.MaxResponseBytes, cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        // A 429 means the window is spent whatever the headers say; without a reset header assume a full minute.
        var limited = response.StatusCode == HttpStatusCode.TooManyRequests;
        var reset = RateLimitReset(response);
        await exchange.Limiter.ObserveAsync(limited ? 0 : HeaderInt(response, "X-Rate-Limit-Remaining"), limited ? reset ?? TimeSpan.FromMinutes(1) : reset);

        logger.LogDebug("Ontraport {Method} {Path} answered {Status} in {ElapsedMs:0} ms",
            exchange.Request.Method.Method, exchange.Request.Path, (int)response.StatusCode, time.GetElapsedTime(started).TotalMilliseconds);
        return response;
    }

    public static TimeSpan? RateLimitReset(HttpResponseMessage response) =>
        HeaderInt(response, "X-Rate-Limit-Reset") is { } reset ? TimeSpan.FromSeconds(reset) : null;

    public static int? HeaderInt(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) &&
        int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
