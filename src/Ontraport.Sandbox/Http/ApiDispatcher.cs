using System.Globalization;
using System.Text;
using Ontraport.Sandbox.Routing;

namespace Ontraport.Sandbox.Http;

/// <summary>
/// Runs one authenticated request against its account: rate limit, route, parameters, handler, envelope or
/// plain-text error, request log. The whole exchange holds the account's lock, so accounts are thread-safe
/// and a request sees no half-done write. A handler may ask for its answer to be held back
/// (<see cref="ApiContext.HoldAnswer"/>, e.g. a gateway that times out): the wait happens after the lock is released,
/// on the sandbox clock, and ends early when the caller gives up.
/// </summary>
internal sealed class ApiDispatcher
{
    private readonly RouteTable _routes;
    private readonly SandboxOptions _options;

    public ApiDispatcher(RouteTable routes, SandboxOptions options)
    {
        _routes = routes;
        _options = options;
    }

    public async Task<SandboxResponse> DispatchAsync(SandboxAccount account, SandboxRequest request, string apiKey, CancellationToken cancellationToken)
    {
        var fault = _options.Faults?.Draw(request.Path);
        var (response, hold) = Dispatch(account, request, apiKey, fault);
        if (fault is { Kind: SandboxFaultKind.Latency })
        {
            hold += fault.Delay;
        }

        if (hold > TimeSpan.Zero)
        {
            await Task.Delay(hold, _options.TimeProvider, cancellationToken);
        }

        return response;
    }

    private (SandboxResponse Response, TimeSpan Hold) Dispatch(SandboxAccount account, SandboxRequest request, string apiKey, SandboxFaultRule? fault)
    {
        lock (account.Gate)
        {
            var now = _options.TimeProvider.GetUtcNow();
            var decision = account.RateLimiter.TryAcquire(now);
            var (status, contentType, body, hold) = fault?.Kind switch
            {
                // Faults that stop the request before it is processed.
                SandboxFaultKind.Throttle => PlainText(429, SandboxChoices.RateLimitText(decision.Limit)),
                SandboxFaultKind.ServerError => PlainText(500, SandboxChoices.InternalErrorText),
                SandboxFaultKind.PlainTextError => PlainText(400, SandboxChoices.InjectedPlainTextError),
                _ when !decision.Allowed => PlainText(429, SandboxChoices.RateLimitText(decision.Limit)),
                _ => Execute(account, request, now),
            };

            // Faults that strike after the request was processed: its effects stand, its answer is lost or garbled.
            var connectionReset = false;
            switch (fault?.Kind)
            {
                case SandboxFaultKind.ServerErrorAfter:
                    (status, contentType, body, _) = PlainText(502, SandboxChoices.InternalErrorText);
                    break;
                case SandboxFaultKind.MalformedJson when status == 200:
                    body = body[..Math.Max(1, body.Length / 2)];
                    break;
                case SandboxFaultKind.ConnectionReset:
                    connectionReset = true;
                    break;
            }

            var throttled = fault?.Kind == SandboxFaultKind.Throttle;
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["X-Rate-Limit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture),
                ["X-Rate-Limit-Remaining"] = (throttled ? 0 : decision.Remaining).ToString(CultureInfo.InvariantCulture),
                ["X-Rate-Limit-Reset"] = (throttled ? fault!.ResetSeconds : decision.ResetSeconds).ToString(CultureInfo.InvariantCulture),
            };
            account.RecordRequest(new SandboxRecordedRequest(
                request.Method.ToUpperInvariant(),
                request.Path,
                request.QueryString.TrimStart('?'),
                request.ContentType,
                Encoding.UTF8.GetString(request.Body.Span),
                apiKey,
                now,
                status));
            return (new SandboxResponse(status, contentType, body, headers) { ConnectionReset = connectionReset }, hold);
        }
    }

    public static SandboxResponse Unauthorized()
    {
        var (status, contentType, body, _) = PlainText(401, SandboxChoices.UnauthorizedText);
        return new SandboxResponse(status, contentType, body, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
    }

    private (int Status, string ContentType, byte[] Body, TimeSpan Hold) Execute(SandboxAccount account, SandboxRequest request, DateTimeOffset now)
    {
        ApiContext? context = null;
        try
        {
            var match = _routes.Resolve(request.Method, request.Path, account.Store.Catalog);
            if (match.Handler is null)
            {
                return match.PathExists
                    ? PlainText(405, SandboxChoices.MethodNotAllowedText)
                    : PlainText(404, SandboxChoices.PathNotFoundText);
            }

            var parameters = ApiParameters.Parse(request.QueryString, request.Body, request.ContentType);
            context = new ApiContext(account, parameters, match.ImpliedObjectType, now, _options);
            var result = match.Handler(context);
            return (200, SandboxChoices.JsonContentType, result.ToEnvelope(account.AccountId), context.AnswerHold);
        }
        catch (ApiError error)
        {
            return PlainText(error.StatusCode, error.Message, context?.AnswerHold ?? TimeSpan.Zero);
        }
#pragma warning disable CA1031 // The real API answers an unexpected fault with a 500, never a dropped connection.
        catch (Exception)
#pragma warning restore CA1031
        {
            return PlainText(500, SandboxChoices.InternalErrorText);
        }
    }

    private static (int Status, string ContentType, byte[] Body, TimeSpan Hold) PlainText(int status, string text, TimeSpan hold = default) =>
        (status, SandboxChoices.PlainTextContentType, Encoding.UTF8.GetBytes(text), hold);
}
