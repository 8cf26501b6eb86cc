using System.Net;

namespace Ontraport.Client;

/// <summary>What went wrong talking to Ontraport, in terms a caller can act on.</summary>
public enum OntraportErrorKind
{
    /// <summary>400: Ontraport refused the request as malformed (e.g. <c>Invalid query</c> for an unknown condition field).</summary>
    BadRequest,

    /// <summary>401: the app id / API key pair was not accepted.</summary>
    Unauthorized,

    /// <summary>403: the key's user lacks permission for this resource.</summary>
    Forbidden,

    /// <summary>404: the record or resource does not exist.</summary>
    NotFound,

    /// <summary>422: Ontraport rejected a value (used for invalid email addresses).</summary>
    Unprocessable,

    /// <summary>429, or our own per-account limiter could not grant a permit within the call's time budget.</summary>
    RateLimited,

    /// <summary>5xx on a request that is safe to repeat, after retries; or a connection failure before anything was sent.</summary>
    Unavailable,

    /// <summary>
    /// A request that creates a record or moves money was sent but no answer came back (timeout, 5xx, broken connection).
    /// It may or may not have taken effect; it was NOT retried. Check before trying again.
    /// </summary>
    OutcomeUnknown,

    /// <summary>Ontraport answered 200 with something that is not the documented JSON envelope, or with a non-zero code.</summary>
    InvalidResponse,
}

/// <summary>
/// The one exception type the client throws for upstream failures. <see cref="Http.OntraportErrorMapping"/> is the one place
/// that turns HTTP statuses into kinds. Messages never contain credentials.
/// </summary>
public sealed class OntraportException : Exception
{
    public OntraportException(OntraportErrorKind kind, string message, HttpStatusCode? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public OntraportErrorKind Kind { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>For <see cref="OntraportErrorKind.RateLimited"/>: how long until the account's window frees up, when known.</summary>
    public TimeSpan? RetryAfter { get; }
}
