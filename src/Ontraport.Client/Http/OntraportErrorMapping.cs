using System.Net;

namespace Ontraport.Client.Http;

/// <summary>
/// The one place that turns an Ontraport HTTP answer into an <see cref="OntraportException"/> (Octokit style).
/// Error bodies are plain text, not the JSON envelope (API reference §1.5); they are shortened and cleaned before
/// they reach a message, and the account's key is scrubbed in case an upstream ever echoes it.
/// </summary>
public static class OntraportErrorMapping
{
    private const int MaxBodyInMessage = 300;

    public static OntraportException FromStatus(HttpStatusCode status, string body, OntraportRequest request, TimeSpan? retryAfter, string? secretToScrub)
    {
        var detail = Clean(body, secretToScrub);
        var what = $"{request.Method.Method} /1/{request.Path}";
        return (int)status switch
        {
            400 => new OntraportException(OntraportErrorKind.BadRequest,
                $"Ontraport refused {what} as malformed (400{Said(detail)}).", status),
            401 => new OntraportException(OntraportErrorKind.Unauthorized,
                "Ontraport did not accept the app id / API key (401). Check the credentials configured for this account.", status),
            403 => new OntraportException(OntraportErrorKind.Forbidden,
                $"The API key's Ontraport user may not do {what} (403{Said(detail)}). Ask the account owner to grant the permission.", status),
            404 => new OntraportException(OntraportErrorKind.NotFound, $"Ontraport found nothing for {what} (404{Said(detail)}).", status),
            422 => new OntraportException(OntraportErrorKind.Unprocessable,
                $"Ontraport rejected a value in {what} (422{Said(detail)}); it uses 422 for invalid email addresses.", status),
            429 => new OntraportException(OntraportErrorKind.RateLimited,
                $"Ontraport's rate limit for this account is exhausted (429). Retry after {Seconds(retryAfter)}.", status, retryAfter),
            >= 500 when request.Effect == RequestEffect.NonIdempotentWrite => OutcomeUnknown(request, $"Ontraport answered {(int)status}"),
            >= 500 => new OntraportException(OntraportErrorKind.Unavailable,
                $"Ontraport failed {what} with {(int)status} after retries. Try again in a minute.", status),
            _ => new OntraportException(OntraportErrorKind.InvalidResponse, $"Ontraport answered {what} with unexpected status {(int)status}{Said(detail)}.", status),
        };
    }

    /// <summary>A request that may have changed the account was sent and no usable answer came back. It is not retried.</summary>
    public static OntraportException OutcomeUnknown(OntraportRequest request, string what, Exception? inner = null) =>
        new(OntraportErrorKind.OutcomeUnknown,
            $"{what} for {request.Method.Method} /1/{request.Path}. The request was sent once and may or may not have taken effect; " +
            "it was not retried. Read the affected records before trying again.", innerException: inner);

    public static string Seconds(TimeSpan? span) =>
        span is { } s ? $"{Math.Max(1, (int)Math.Ceiling(s.TotalSeconds))} s" : "a minute";

    private static string Said(string detail) => detail.Length == 0 ? "" : $": \"{detail}\"";

    private static string Clean(string body, string? secret)
    {
        var text = body.Trim();
        if (text.StartsWith('<'))
        {
            return ""; // an HTML error page says nothing useful
        }

        if (!string.IsNullOrEmpty(secret))
        {
            text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
        }

        text = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);
        return text.Length > MaxBodyInMessage ? text[..MaxBodyInMessage] + "…" : text;
    }
}
