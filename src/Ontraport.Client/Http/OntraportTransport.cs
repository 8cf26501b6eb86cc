using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Ontraport.Client.RateLimiting;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ontraport.Client.Http;

/// <summary>
/// Sends <see cref="OntraportRequest"/>s: one rate-limit permit per attempt, a per-attempt timeout, retries only for
/// requests that are safe to repeat, 429s waited out only when the reset fits the call's budget, the envelope unwrapped
/// and errors mapped. Shared by all accounts; the per-call state (credentials, budget, counters) travels in
/// <see cref="CallState"/>.
/// </summary>
public sealed class OntraportTransport
{
    private static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("ontraport.deadline");
    private static readonly ResiliencePropertyKey<OntraportRequest> RequestKey = new("ontraport.request");

    private readonly IHttpClientFactory _httpClients;
    private readonly RateLimitPartitions _partitions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OntraportClientOptions _options;
    private readonly ResiliencePipeline<AttemptResult> _retrying;
    private readonly ResiliencePipeline<AttemptResult> _once;
    private readonly ResiliencePipeline _attemptTimeout;

    public const string HttpClientName = "Ontraport";

    public OntraportTransport(IHttpClientFactory httpClients, RateLimitPartitions partitions, OntraportClientOptions options, TimeProvider time, ILogger<OntraportTransport> logger)
    {
        _httpClients = httpClients;
        _partitions = partitions;
        _options = options;
        _time = time;
        _logger = logger;
        _attemptTimeout = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(options.AttemptTimeout)
            .Build();
        _once = ResiliencePipeline<AttemptResult>.Empty;
        _retrying = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited ? limited.RateLimitReset ?? TimeSpan.FromSeconds(1) : (TimeSpan?)null),
            })
            .Build();
    }

    /// <summary>Per-call state: whose request, until when, and how many upstream requests it cost.</summary>
    public sealed class CallState(OntraportCredentials credentials, DateTimeOffset deadline)
    {
        private int _requestCount;
        private int _recordCreatingWrites;

        public OntraportCredentials Credentials { get; } = credentials;

        public DateTimeOffset Deadline { get; } = deadline;

        public int RequestCount => Volatile.Read(ref _requestCount);

        /// <summary>Requests that can create a record or move money which actually went out (answered or not).</summary>
        public int RecordCreatingWrites => Volatile.Read(ref _recordCreatingWrites);

        internal void CountRequest(RequestEffect effect)
        {
            Interlocked.Increment(ref _requestCount);
            if (effect == RequestEffect.NonIdempotentWrite)
            {
                Interlocked.Increment(ref _recordCreatingWrites);
            }
        }
    }

    public async Task<OntraportResponse> SendAsync(OntraportRequest request, CallState call, CancellationToken cancellationToken)
    {
        var remaining = call.Deadline - _time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            throw new OntraportException(OntraportErrorKind.RateLimited,
                "This call used up its time budget before it could reach Ontraport (the account's rate limit is likely saturated). Retry in a minute or with a narrower request.",
                retryAfter: TimeSpan.FromSeconds(20));
        }

        using var budget = new CancellationTokenSource(remaining, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var limiter = _partitions.For(call.Credentials.AppId);
        var pipeline = request.Effect == RequestEffect.NonIdempotentWrite ? _once : _retrying;
        var context = ResilienceContextPool.Shared.Get(linked.Token);
        context.Properties.Set(DeadlineKey, call.Deadline);
        context.Properties.Set(RequestKey, request);
        var phase = new AttemptPhase();
        try
        {
            var result = await pipeline.ExecuteAsync(
                async ctx => await AttemptAsync(request, call, limiter, phase, ctx.CancellationToken),
                context);
            return Interpret(request, call.Credentials, result);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && budget.IsCancellationRequested)
        {
            throw phase.Sent && request.Effect == RequestEffect.NonIdempotentWrite
                ? OntraportErrorMapping.OutcomeUnknown(request, "The call's time budget ran out while waiting for Ontraport")
                : new OntraportException(OntraportErrorKind.RateLimited,
                    phase.WaitingForPermit
                        ? $"This account's Ontraport rate limit ({limiter.LimitPerMinute}/min) had no room within the call's time budget. Retry after {OntraportErrorMapping.Seconds(limiter.BlockedFor ?? TimeSpan.FromSeconds(20))}."
                        : "Ontraport did not answer within the call's time budget. Try again in a minute.",
                    retryAfter: limiter.BlockedFor ?? TimeSpan.FromSeconds(20));
        }
        catch (TimeoutRejectedException ex)
        {
            throw request.Effect == RequestEffect.NonIdempotentWrite
                ? OntraportErrorMapping.OutcomeUnknown(request, $"Ontraport did not answer within {_options.AttemptTimeout.TotalSeconds:0} s", ex)
                : new OntraportException(OntraportErrorKind.Unavailable,
                    $"Ontraport did not answer {request} within {_options.AttemptTimeout.TotalSeconds:0} s ({_options.MaxRetries + 1} attempts). Try again in a minute.", innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            var neverSent = ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
            throw request.Effect == RequestEffect.NonIdempotentWrite && !neverSent
                ? OntraportErrorMapping.OutcomeUnknown(request, "The connection to Ontraport broke before an answer arrived", ex)
                : new OntraportException(OntraportErrorKind.Unavailable,
                    $"Could not reach Ontraport for {request} ({ex.HttpRequestError}). Try again in a minute.", innerException: ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private sealed class AttemptPhase
    {
        public bool WaitingForPermit { get; set; }

        public bool Sent { get; set; }
    }

    private async ValueTask<AttemptResult> AttemptAsync(OntraportRequest request, CallState call, AccountRateLimiter limiter, AttemptPhase phase, CancellationToken cancellationToken)
    {
        phase.WaitingForPermit = true;
        await limiter.AcquireAsync(cancellationToken);
        phase.WaitingForPermit = false;

        var started = _time.GetTimestamp();
        var client = _httpClients.CreateClient(HttpClientName);
        var result = await _attemptTimeout.ExecuteAsync(async token =>
        {
            using var message = new HttpRequestMessage(request.Method, request.RelativeUri);
            message.Headers.TryAddWithoutValidation("Api-Appid", call.Credentials.AppId);
            message.Headers.TryAddWithoutValidation("Api-Key", call.Credentials.ApiKey);
            message.Headers.Accept.ParseAdd("application/json");
            message.Content = request.CreateContent();
            phase.Sent = true;
            call.CountRequest(request.Effect);
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, token);
            var body = await response.Content.ReadAsStringAsync(token);
            return new AttemptResult(response.StatusCode, body,
                HeaderInt(response, "X-Rate-Limit-Remaining"),
                HeaderInt(response, "X-Rate-Limit-Reset") is { } reset ? TimeSpan.FromSeconds(reset) : null);
        }, cancellationToken);

        // A 429 means the window is spent whatever the headers say; without a reset header assume a full minute.
        var limited = result.StatusCode == HttpStatusCode.TooManyRequests;
        limiter.Observe(limited ? 0 : result.RateLimitRemaining, limited ? result.RateLimitReset ?? TimeSpan.FromMinutes(1) : result.RateLimitReset);

        _logger.LogDebug("Ontraport {Method} {Path} answered {Status} in {ElapsedMs:0} ms",
            request.Method.Method, request.Path, (int)result.StatusCode, _time.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    private bool ShouldRetry(Outcome<AttemptResult> outcome, ResilienceContext context)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        var result = outcome.Result!;
        if ((int)result.StatusCode >= 500)
        {
            return true;
        }

        if (result.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // Wait out a 429 only if the reset fits in what is left of the call's budget; otherwise fail fast.
            var reset = result.RateLimitReset ?? TimeSpan.FromSeconds(60);
            return context.Properties.TryGetValue(DeadlineKey, out var deadline) && _time.GetUtcNow() + reset < deadline;
        }

        return false;
    }

    private static OntraportResponse Interpret(OntraportRequest request, OntraportCredentials credentials, AttemptResult result)
    {
        if ((int)result.StatusCode is < 200 or > 299)
        {
            throw OntraportErrorMapping.FromStatus(result.StatusCode, result.Body, request, result.RateLimitReset, credentials.ApiKey);
        }

        if (string.IsNullOrWhiteSpace(result.Body))
        {
            return new OntraportResponse(result.StatusCode, null, null);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(result.Body);
        }
        catch (JsonException ex)
        {
            throw NotEnvelope(request, result, "something that is not JSON", ex);
        }

        if (root is not JsonObject envelope)
        {
            throw NotEnvelope(request, result, "JSON that is not the {code, data} envelope");
        }

        var code = JsonText.AsLong(envelope["code"]);
        if (code is not 0)
        {
            throw NotEnvelope(request, result, $"error code {envelope["code"]?.ToJsonString() ?? "(none)"}");
        }

        return new OntraportResponse(result.StatusCode, envelope["data"], JsonText.AsLong(envelope["account_id"]), envelope["misc"]);
    }

    private static OntraportException NotEnvelope(OntraportRequest request, AttemptResult result, string what, Exception? inner = null)
    {
        if (request.Effect == RequestEffect.NonIdempotentWrite)
        {
            return OntraportErrorMapping.OutcomeUnknown(request, $"Ontraport answered with {what}", inner);
        }

        return new OntraportException(OntraportErrorKind.InvalidResponse, $"Ontraport answered {request} with {what}. Try again in a minute.", result.StatusCode, innerException: inner);
    }

    private static int? HeaderInt(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) &&
        int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
