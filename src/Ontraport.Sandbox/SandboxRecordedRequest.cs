namespace Ontraport.Sandbox;

/// <summary>One request an account received, as the account's request log keeps it.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The path relative to the API root, as sent.</param>
/// <param name="QueryString">The raw query string without the leading <c>?</c>.</param>
/// <param name="ContentType">The body's content type, if any.</param>
/// <param name="BodyText">The body decoded as UTF-8 (empty when there was none).</param>
/// <param name="ApiKey">The value of the <c>Api-Key</c> header.</param>
/// <param name="Time">When the sandbox received it, on the sandbox clock.</param>
/// <param name="StatusCode">The status code the sandbox answered.</param>
public sealed record SandboxRecordedRequest(
    string Method,
    string Path,
    string QueryString,
    string? ContentType,
    string BodyText,
    string ApiKey,
    DateTimeOffset Time,
    int StatusCode);
