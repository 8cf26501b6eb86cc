using System.Buffers;
using System.Text;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// The MCP endpoint's answers without HTML escaping (issue 22). The SDK 2.4 writes every JSON-RPC message with a
/// <c>Utf8JsonWriter</c> it creates with default options (<c>McpSseEventWriterExtensions.FormatJsonRpcMessage</c>, a
/// thread-static writer, no option reaches it), so the default encoder sends every <c>"</c> of a tool's text as
/// <c>\u0022</c>, <c>&lt; &gt; &amp; ' + `</c> as <c>\u00XX</c> and every non-ASCII character as <c>\uXXXX</c>: an
/// answer of 14 KB of text went out as 25 KB. HTML escaping protects JSON pasted into an HTML page; a JSON-RPC body or a
/// <c>text/event-stream</c> event is never parsed as HTML, so what
/// <see cref="System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> would write is safe here and is
/// what this rewrite produces. It is our own code because no library rewrites escapes in a JSON stream.
/// </summary>
/// <remarks>
/// The rewrite is escape-aware: a backslash in JSON output only ever starts an escape (outside strings JSON has none,
/// nor has SSE framing), so the scan reads escapes whole, and <c>\\u0022</c> (an escaped backslash, then the letters)
/// stays as it is. <c>\u0022</c> becomes <c>\"</c>; the HTML-sensitive ASCII characters become themselves; a non-ASCII
/// character (a surrogate pair joined) becomes its UTF-8 bytes, except U+2028/U+2029 and lone surrogates, which stay
/// escaped. Every other escape (<c>\n</c>, <c>\\</c>, control characters) is left alone. The output is never longer than
/// the input.
/// </remarks>
public static class RelaxedJsonResponse
{
    /// <summary>Middleware: a POST to the MCP endpoint writes through the rewrite.</summary>
    public static async Task UnescapeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<McpEndpoint.Marker>() is null || !HttpMethods.IsPost(context.Request.Method))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        await using var relaxed = new UnescapingStream(original, () => IsJson(context.Response));
        context.Response.Body = relaxed;
        try
        {
            await next(context);
            await relaxed.CompleteAsync(context.RequestAborted);
        }
        finally
        {
            context.Response.Body = original;
        }
    }

    /// <summary>
    /// Only a JSON or SSE body whose length was not announced: a body of another type is not JSON, and a shorter body
    /// than a Content-Length promised would break the response.
    /// </summary>
    private static bool IsJson(HttpResponse response) =>
        response.ContentLength is null &&
        (response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true ||
         response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>
    /// Rewrites <paramref name="source"/> into <paramref name="destination"/> (at least as long); returns the bytes
    /// written. <paramref name="consumed"/> stops before an escape cut off at the end of the source when
    /// <paramref name="final"/> is false (the caller keeps those bytes for the next write).
    /// </summary>
    public static int Rewrite(ReadOnlySpan<byte> source, Span<byte> destination, bool final, out int consumed)
    {
        var read = 0;
        var written = 0;
        while (true)
        {
            var slash = source[read..].IndexOf((byte)'\\');
            var plain = slash < 0 ? source.Length - read : slash;
            source.Slice(read, plain).CopyTo(destination[written..]);
            read += plain;
            written += plain;
            if (slash < 0)
            {
                consumed = read;
                return written;
            }

            var rest = source[read..];
            var length = EscapeLength(rest);
            if (length > rest.Length)
            {
                // Cut off at the end of this write: keep it for the next, or (at the end) send it as it is.
                if (!final)
                {
                    consumed = read;
                    return written;
                }

                rest.CopyTo(destination[written..]);
                consumed = source.Length;
                return written + rest.Length;
            }

            written += Unescape(rest[..length], destination[written..], out var used);
            read += used;
        }
    }

    /// <summary>How many bytes the escape at the start needs to be read whole (more than are there if cut off).</summary>
    private static int EscapeLength(ReadOnlySpan<byte> escape)
    {
        if (escape.Length < 2)
        {
            return 2;
        }

        if (escape[1] != (byte)'u')
        {
            return 2;
        }

        if (escape.Length < 6)
        {
            return 6;
        }

        // A high surrogate needs the next escape too, to be joined with its low half (unless what follows is no escape).
        if (!TryHex(escape.Slice(2, 4), out var unit) || unit is < 0xD800 or >= 0xDC00 ||
            (escape.Length > 6 && escape[6] != (byte)'\\') || (escape.Length > 7 && escape[7] != (byte)'u'))
        {
            return 6;
        }

        return 12;
    }

    private static int Unescape(ReadOnlySpan<byte> escape, Span<byte> destination, out int used)
    {
        if (escape[1] != (byte)'u' || !TryHex(escape.Slice(2, 4), out var unit))
        {
            used = 2;
            escape[..2].CopyTo(destination);
            return 2;
        }

        used = 6;
        switch (unit)
        {
            case '"':
                destination[0] = (byte)'\\';
                destination[1] = (byte)'"';
                return 2;
            case '<' or '>' or '&' or '\'' or '+' or '`':
                destination[0] = (byte)unit;
                return 1;
            case >= 0x80 and < 0xD800 and not (0x2028 or 0x2029) or >= 0xE000:
                return new Rune(unit).EncodeToUtf8(destination);
            case >= 0xD800 and < 0xDC00
                when escape.Length >= 12 && escape[6] == (byte)'\\' && escape[7] == (byte)'u' &&
                     TryHex(escape.Slice(8, 4), out var low) && low is >= 0xDC00 and < 0xE000:
                used = 12;
                return new Rune((char)unit, (char)low).EncodeToUtf8(destination);
            default:
                escape[..6].CopyTo(destination);
                return 6;
        }
    }

    private static bool TryHex(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            var nibble = digit switch
            {
                >= (byte)'0' and <= (byte)'9' => digit - '0',
                >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
                >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
                _ => -1,
            };
            if (nibble < 0)
            {
                return false;
            }

            value = (value << 4) | nibble;
        }

        return true;
    }

    /// <summary>
    /// A write-only stream over the response body that rewrites each write (the SDK writes one whole SSE event per
    /// write, so nothing is held back in practice; an escape cut between two writes waits for the next one).
    /// </summary>
    internal sealed class UnescapingStream(Stream inner, Func<bool>? applies = null) : Stream
    {
        private byte[] _pending = [];
        private bool? _rewrite;

        /// <summary>Decided at the first write, when the headers are set.</summary>
        private bool Rewriting => _rewrite ??= applies?.Invoke() ?? true;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!Rewriting)
            {
                await inner.WriteAsync(buffer, cancellationToken);
                return;
            }

            var (rented, count) = RewriteWithPending(buffer.Span, final: false);
            try
            {
                await inner.WriteAsync(rented.AsMemory(0, count), cancellationToken);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (!Rewriting)
            {
                inner.Write(buffer, offset, count);
                return;
            }

            var (rented, written) = RewriteWithPending(buffer.AsSpan(offset, count), final: false);
            try
            {
                inner.Write(rented, 0, written);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        /// <summary>Sends an escape still held back (only a writer that split one would leave it).</summary>
        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            if (_pending.Length > 0)
            {
                var rest = _pending;
                _pending = [];
                await inner.WriteAsync(rest, cancellationToken);
            }
        }

        private (byte[] Rented, int Count) RewriteWithPending(ReadOnlySpan<byte> buffer, bool final)
        {
            ReadOnlySpan<byte> source = buffer;
            byte[]? joined = null;
            if (_pending.Length > 0)
            {
                joined = new byte[_pending.Length + buffer.Length];
                _pending.CopyTo(joined, 0);
                buffer.CopyTo(joined.AsSpan(_pending.Length));
                source = joined;
            }

            var rented = ArrayPool<byte>.Shared.Rent(Math.Max(source.Length, 1));
            var count = Rewrite(source, rented, final, out var consumed);
            _pending = consumed < source.Length ? source[consumed..].ToArray() : [];
            return (rented, count);
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
