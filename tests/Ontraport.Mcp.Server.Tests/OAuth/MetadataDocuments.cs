using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>The local stand-in for the web sites that publish client ID metadata documents; counts fetches.</summary>
internal sealed class MetadataDocuments : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _fetches = new(StringComparer.Ordinal);

    public void Set(string url, object document) => _documents[url] = JsonSerializer.Serialize(document);

    public void SetRaw(string url, string body) => _documents[url] = body;

    public int Fetches(string url) => _fetches.GetValueOrDefault(url);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.AbsoluteUri;
        _fetches.AddOrUpdate(url, 1, (_, n) => n + 1);
        return Task.FromResult(_documents.TryGetValue(url, out var body)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") }
            : new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
