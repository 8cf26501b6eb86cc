using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ontraport.Client.Http;

/// <summary>A successful answer with the envelope <c>{code, data, account_id, misc}</c> unwrapped (API reference §1.4).</summary>
public sealed record OntraportResponse(HttpStatusCode StatusCode, JsonNode? Data, long? AccountId, JsonNode? Misc = null);

/// <summary>
/// A successful answer as a parsed <see cref="JsonDocument"/> (no <see cref="JsonNode"/>s): the envelope unwrapped as in
/// <see cref="OntraportResponse"/>, its elements valid until this is disposed.
/// </summary>
public sealed class OntraportDocumentResponse(HttpStatusCode statusCode, JsonDocument? document, JsonElement? data, long? accountId, JsonElement? misc) : IDisposable
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary><c>data</c>; null when absent, JSON null or the body was blank.</summary>
    public JsonElement? Data { get; } = data;

    public long? AccountId { get; } = accountId;

    public JsonElement? Misc { get; } = misc;

    public void Dispose() => document?.Dispose();
}

/// <summary>
/// What one HTTP attempt produced, before it is judged. The body stays UTF-8 bytes: a success is parsed from them with no
/// transcode to a string (issue 22); only an error's text is decoded.
/// </summary>
internal sealed record AttemptResult(HttpStatusCode StatusCode, byte[] Body, int? RateLimitRemaining, TimeSpan? RateLimitReset)
{
    /// <summary>The body as text, invalid UTF-8 replaced (what <c>ReadAsStringAsync</c> gave for a body without a charset).</summary>
    public string Text => Encoding.UTF8.GetString(Json);

    /// <summary>The body without a UTF-8 byte order mark.</summary>
    public ReadOnlySpan<byte> Json => Body.AsSpan().StartsWith("\uFEFF"u8) ? Body.AsSpan(3) : Body;

    /// <summary>Nothing but whitespace (or nothing at all).</summary>
    public bool IsBlank => Json.Trim(" \t\r\n"u8).IsEmpty;
}
