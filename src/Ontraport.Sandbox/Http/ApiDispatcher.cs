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
        var (response, hold) = Dispatch(account, request, apiKey);
        if (hold > TimeSpan.Zero)
        {
            await Task.Delay(hold, _options.TimeProvider, cancellationToken);
        }

        return response;
    }

    private (SandboxResponse Response, TimeSpan Hold) Dispatch(SandboxAccount account, SandboxRequest request, string apiKey)
    {
        lock (account.Gate)
        {
            var now = _options.TimeProvider.GetUtcNow();
            var decision = account.RateLimiter.TryAcquire(now);
            var (status, contentType, body, hold) = decision.Allowed
                ? Execute(account, request, now)
                : PlainText(429, SandboxChoices.RateLimitText(decision.Limit));
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["X-Rate-Limit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture),
                ["X-Rate-Limit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture),
                ["X-Rate-Limit-Reset"] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture),
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
            return (new SandboxResponse(status, contentType, body, headers), hold);
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
