namespace Ontraport.Sandbox;

/// <summary>One request to the emulated API.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path relative to the API root, e.g. <c>objects</c>, <c>object/getByEmail</c>, <c>Contacts</c>.</param>
/// <param name="QueryString">The raw query string, with or without the leading <c>?</c>.</param>
/// <param name="Headers">The request headers (names are matched case-insensitively).</param>
/// <param name="Body">The raw body.</param>
/// <param name="ContentType">The body's content type, if any.</param>
public sealed record SandboxRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body,
    string? ContentType);
