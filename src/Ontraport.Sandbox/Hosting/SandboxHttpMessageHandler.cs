using System.Net;
using System.Net.Http.Headers;

namespace Ontraport.Sandbox;

/// <summary>
/// Serves an <see cref="HttpClient"/> from an <see cref="OntraportSandbox"/> in process, no sockets. Any base address
/// works: the API path is whatever follows the first <c>/1/</c> segment of the request path
/// (<c>http://sandbox.invalid/1/objects</c> and <c>http://host/sandbox/1/objects</c> both reach <c>objects</c>).
/// </summary>
public sealed class SandboxHttpMessageHandler : HttpMessageHandler
{
    private readonly OntraportSandbox _sandbox;

    public SandboxHttpMessageHandler(OntraportSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        _sandbox = sandbox;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        if (!uri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("The request URI must be absolute; set HttpClient.BaseAddress.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(", ", values);
        }

        byte[] body = [];
        string? contentType = null;
        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers)
            {
                headers[name] = string.Join(", ", values);
            }

            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            contentType = request.Content.Headers.ContentType?.ToString();
        }

        var path = ApiPath(uri.AbsolutePath);
        var response = path is null
            ? NotUnderApiRoot()
            : await _sandbox.HandleAsync(
                new SandboxRequest(request.Method.Method, Uri.UnescapeDataString(path), uri.Query, headers, body, contentType),
                cancellationToken);
        if (response.ConnectionReset)
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The sandbox dropped the connection (injected fault).");
        }

        return ToHttpResponse(response, request);
    }

    /// <summary>The part of the path after the first <c>/1/</c> segment (or a trailing <c>/1</c>), or null when there is none.</summary>
    internal static string? ApiPath(string absolutePath)
    {
        var index = absolutePath.IndexOf("/1/", StringComparison.Ordinal);
        if (index >= 0)
        {
            return absolutePath[(index + 3)..];
        }

        return absolutePath.EndsWith("/1", StringComparison.Ordinal) ? string.Empty : null;
    }

    private static SandboxResponse NotUnderApiRoot() => new(
        404,
        SandboxChoices.PlainTextContentType,
        System.Text.Encoding.UTF8.GetBytes(SandboxChoices.PathNotFoundText),
        new Dictionary<string, string>());

    private static HttpResponseMessage ToHttpResponse(SandboxResponse response, HttpRequestMessage request)
    {
        var content = new ByteArrayContent(response.Body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(response.ContentType);
        var message = new HttpResponseMessage((HttpStatusCode)response.StatusCode)
        {
            Content = content,
            RequestMessage = request,
        };
        foreach (var (name, value) in response.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }
}
