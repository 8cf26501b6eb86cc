using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>The local stand-in for the web sites that publish client ID metadata documents; counts fetches.</summary>
internal sealed class MetadataDocuments : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, byte[]> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _fetches = new(StringComparer.Ordinal);

    public void Set(string url, object document) => _documents[url] = JsonSerializer.SerializeToUtf8Bytes(document);

    public void SetRaw(string url, string body) => _documents[url] = Encoding.UTF8.GetBytes(body);

    /// <summary>A body of any bytes, UTF-8 or not.</summary>
    public void SetBytes(string url, byte[] body) => _documents[url] = body;

    public int Fetches(string url) => _fetches.GetValueOrDefault(url);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.AbsoluteUri;
        _fetches.AddOrUpdate(url, 1, (_, n) => n + 1);
        return Task.FromResult(_documents.TryGetValue(url, out var body)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = Json(body) }
            : new HttpResponseMessage(HttpStatusCode.NotFound));
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return content;
    }
}
