using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Ontraport.Client.RateLimiting;
using Polly.Timeout;

namespace Ontraport.Client.Http;

/// <summary>
/// Sends <see cref="OntraportRequest"/>s through the named HttpClient <see cref="HttpClientName"/>, whose resilience
/// handler (<see cref="OntraportResilience"/>) takes one rate-limit permit per attempt, times every attempt, retries
/// only requests that are safe to repeat and waits out 429s only when the reset fits the call's budget; here the
/// budget is enforced, the envelope unwrapped and errors mapped. Shared by all accounts; the per-call state
/// (credentials, budget, counters) travels in <see cref="CallState"/>, and with each message as an
/// <see cref="OntraportExchange"/>.
/// </summary>
public sealed class OntraportTransport
{
    private readonly IHttpClientFactory _httpClients;
    private readonly RateLimitPartitions _partitions;
    private readonly TimeProvider _time;
    private readonly OntraportClientOptions _options;

    public const string HttpClientName = "Ontraport";

    public OntraportTransport(IHttpClientFactory httpClients, RateLimitPartitions partitions, OntraportClientOptions options, TimeProvider time)
    {
        _httpClients = httpClients;
        _partitions = partitions;
        _options = options;
        _time = time;
    }

    /// <summary>Per-call state: whose request, until when, who hears how it is doing, and how many upstream requests it cost.</summary>
    public sealed class CallState(OntraportCredentials credentials, DateTimeOffset deadline, IProgress<CallProgress>? progress = null)
    {
        private int _requestCount;
        private int _writes;
        private int _recordCreatingWrites;

        public OntraportCredentials Credentials { get; } = credentials;

        public DateTimeOffset Deadline { get; } = deadline;

        /// <summary>Where rate-limit waits and page reads are reported while the call takes time (null: nobody listens).</summary>
        public IProgress<CallProgress>? Progress { get; } = progress;

        public int RequestCount => Volatile.Read(ref _requestCount);

        /// <summary>Requests that can create a record or move money which actually went out (answered or not).</summary>
        public int RecordCreatingWrites => Volatile.Read(ref _recordCreatingWrites);

        /// <summary>Requests that can change the account (anything but a read) which actually went out (answered or not).</summary>
        public int Writes => Volatile.Read(ref _writes);

        internal void CountRequest(RequestEffect effect)
        {
            Interlocked.Increment(ref _requestCount);
            if (effect != RequestEffect.Read)
            {
                Interlocked.Increment(ref _writes);
            }

            if (effect == RequestEffect.NonIdempotentWrite)
            {
                Interlocked.Increment(ref _recordCreatingWrites);
            }
        }
    }

    public Task<OntraportResponse> SendAsync(OntraportRequest request, CallState call, CancellationToken cancellationToken) =>
        SendAsync(request, call, Interpret, cancellationToken);

    /// <summary>
    /// <see cref="SendAsync(OntraportRequest, CallState, CancellationToken)"/> with the body parsed into a
    /// <see cref="JsonDocument"/> and no <see cref="JsonNode"/>s (issue 22: a page read shapes straight from it). The same
    /// checks, errors and envelope; the caller disposes the answer.
    /// </summary>
    public Task<OntraportDocumentResponse> SendForDocumentAsync(OntraportRequest request, CallState call, CancellationToken cancellationToken) =>
        SendAsync(request, call, InterpretDocument, cancellationToken);

    private async Task<T> SendAsync<T>(OntraportRequest request, CallState call, Func<OntraportRequest, OntraportCredentials, AttemptResult, T> interpret, CancellationToken cancellationToken)
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
        var limiter = _partitions.For(call.Credentials);
        var exchange = new OntraportExchange(request, call, limiter);
        using var message = exchange.CreateMessage();
        try
        {
            using var response = await _httpClients.CreateClient(HttpClientName).SendAsync(message, HttpCompletionOption.ResponseContentRead, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            var result = new AttemptResult(response.StatusCode, body,
                OntraportAttemptHandler.HeaderInt(response, "X-Rate-Limit-Remaining"), OntraportAttemptHandler.RateLimitReset(response));
            return interpret(request, call.Credentials, result);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && budget.IsCancellationRequested)
        {
            throw exchange.Sent && request.Effect == RequestEffect.NonIdempotentWrite
                ? OntraportErrorMapping.OutcomeUnknown(request, "The call's time budget ran out while waiting for Ontraport")
                : new OntraportException(OntraportErrorKind.RateLimited,
                    exchange.WaitingForPermit
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
    }

    private static OntraportResponse Interpret(OntraportRequest request, OntraportCredentials credentials, AttemptResult result)
    {
        if ((int)result.StatusCode is < 200 or > 299)
        {
            throw OntraportErrorMapping.FromStatus(result.StatusCode, result.Text, request, result.RateLimitReset, credentials.ApiKey);
        }

        if (result.IsBlank)
        {
            return new OntraportResponse(result.StatusCode, null, null);
        }

        JsonNode? root;
        try
        {
            root = Parse(result);
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

    private static OntraportDocumentResponse InterpretDocument(OntraportRequest request, OntraportCredentials credentials, AttemptResult result)
    {
        if ((int)result.StatusCode is < 200 or > 299)
        {
            throw OntraportErrorMapping.FromStatus(result.StatusCode, result.Text, request, result.RateLimitReset, credentials.ApiKey);
        }

        if (result.IsBlank)
        {
            return new OntraportDocumentResponse(result.StatusCode, null, null, null, null);
        }

        JsonDocument document;
        try
        {
            // The bytes without a byte order mark, not copied (the document reads them in place); invalid UTF-8 as text
            // with replacement characters, as Interpret does.
            document = Utf8.IsValid(result.Json)
                ? JsonDocument.Parse(result.Body.AsMemory(result.Body.Length - result.Json.Length))
                : JsonDocument.Parse(result.Text);
        }
        catch (JsonException ex)
        {
            throw NotEnvelope(request, result, "something that is not JSON", ex);
        }

        try
        {
            var envelope = document.RootElement;
            if (envelope.ValueKind != JsonValueKind.Object)
            {
                throw NotEnvelope(request, result, "JSON that is not the {code, data} envelope");
            }

            var code = Property(envelope, "code");
            if ((code is { } c ? JsonText.AsLong(c) : null) is not 0)
            {
                throw NotEnvelope(request, result, $"error code {(code is { } shown ? JsonSerializer.Serialize(shown) : "(none)")}");
            }

            var accountId = Property(envelope, "account_id") is { } account ? JsonText.AsLong(account) : null;
            return new OntraportDocumentResponse(result.StatusCode, document, Property(envelope, "data"), accountId, Property(envelope, "misc"));
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>A property as <c>JsonObject[name]</c> reads it: absent and JSON null are both null.</summary>
    private static JsonElement? Property(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>
    /// The body parsed from its UTF-8 bytes. A body that is not valid UTF-8 (checked first: the parse reads strings lazily
    /// and would fail later, in a tool) is read as text with replacement characters, as before the bytes were kept.
    /// </summary>
    private static JsonNode? Parse(AttemptResult result) =>
        Utf8.IsValid(result.Json) ? JsonNode.Parse(result.Json) : JsonNode.Parse(result.Text);

    private static OntraportException NotEnvelope(OntraportRequest request, AttemptResult result, string what, Exception? inner = null)
    {
        if (request.Effect == RequestEffect.NonIdempotentWrite)
        {
            return OntraportErrorMapping.OutcomeUnknown(request, $"Ontraport answered with {what}", inner);
        }

        return new OntraportException(OntraportErrorKind.InvalidResponse, $"Ontraport answered {request} with {what}. Try again in a minute.", result.StatusCode, innerException: inner);
    }
}
