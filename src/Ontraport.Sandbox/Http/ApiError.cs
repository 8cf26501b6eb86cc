namespace Ontraport.Sandbox.Http;

/// <summary>
/// A request the emulator refuses. It becomes a plain-text body with a non-200 status, the way the real API
/// answers errors (ontraport-api.md §1.5): never the JSON envelope.
/// </summary>
internal sealed class ApiError : Exception
{
    public ApiError(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public int StatusCode { get; }

    public static ApiError BadRequest(string message) => new(400, message);

    /// <summary>The verified answer to an unknown field (or any malformed criteria): <c>400 Invalid query</c>.</summary>
    public static ApiError InvalidQuery() => new(400, SandboxChoices.InvalidQueryText);

    public static ApiError NotFound(string message) => new(404, message);
}
