using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Ontraport.Client.Diagnostics;

namespace Ontraport.Client.Http;

/// <summary>
/// The innermost step of one attempt, inside the resilience pipeline's per-attempt timeout: counts the request as
/// sent, reads the whole body (so a body cut short fails the attempt, where the retry rules can judge it), and tells the
/// rate limit what the answer says: whether Ontraport accepted the credentials, and <c>X-Rate-Limit-Remaining</c> / <c>-Reset</c>.
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
        var method = exchange.Request.Method.Method;
        using var activity = OntraportTelemetry.StartAttempt(method, exchange.Request.Path, exchange.Call.Credentials.AppId);
        exchange.Sent = true;
        exchange.Call.CountRequest(exchange.Request.Effect);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
            await LoadAsync(response, cancellationToken);
        }
        catch (Exception ex)
        {
            if (OntraportTelemetry.Recording)
            {
                OntraportTelemetry.Requests.Add(1, new("http.request.method", method), new("http.response.status_code", 0));
            }

            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }

        var status = (int)response.StatusCode;
        if (OntraportTelemetry.Recording)
        {
            OntraportTelemetry.Requests.Add(1, new("http.request.method", method), new("http.response.status_code", status));
        }

        activity?.SetTag("http.response.status_code", status);
        if (status >= 400)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
        }

        // A 429 means the window is spent whatever the headers say; without a reset header assume a full minute.
        var limited = response.StatusCode == HttpStatusCode.TooManyRequests;
        if (limited && OntraportTelemetry.Recording)
        {
            OntraportTelemetry.RateLimited.Add(1);
        }

        var reset = RateLimitReset(response);
        await exchange.Limiter.AnsweredAsync(status, limited ? 0 : HeaderInt(response, "X-Rate-Limit-Remaining"), limited ? reset ?? TimeSpan.FromMinutes(1) : reset);

        logger.LogDebug("Ontraport {Method} {Path} answered {Status} in {ElapsedMs:0} ms",
            method, exchange.Request.Path, status, time.GetElapsedTime(started).TotalMilliseconds);
        return response;
    }

    private async Task LoadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await response.Content.LoadIntoBufferAsync(options.MaxResponseBytes, cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public static TimeSpan? RateLimitReset(HttpResponseMessage response) =>
        HeaderInt(response, "X-Rate-Limit-Reset") is { } reset ? TimeSpan.FromSeconds(reset) : null;

    public static int? HeaderInt(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) &&
        int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
