using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ontraport.Client.RateLimiting;

namespace Ontraport.Client.Tests;

/// <summary>One request as the handler saw it: "GET /1/objects", query pairs, body text and headers.</summary>
public sealed record RecordedRequest(string Route, string Query, string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public IReadOnlyDictionary<string, string> QueryPairs => Parse(Query);

    public IReadOnlyDictionary<string, string> FormPairs => Parse(Body);

    private static Dictionary<string, string> Parse(string text) =>
        text.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");
}

/// <summary>An HttpMessageHandler that records every request and answers with a test-supplied responder.</summary>
public sealed class RecordingHandler(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest($"{request.Method.Method} {request.RequestUri!.AbsolutePath}", request.RequestUri.Query,
            request.Content?.Headers.ContentType?.MediaType, body, headers);
        lock (_requests)
        {
            _requests.Add(recorded);
        }

        return await respond(recorded, cancellationToken);
    }

    public static HttpResponseMessage Envelope(string dataJson, HttpStatusCode status = HttpStatusCode.OK, int? remaining = null, int? reset = null)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent($"{{\"code\":0,\"data\":{dataJson},\"account_id\":187157}}", Encoding.UTF8, "application/json"),
        };
        AddLimitHeaders(response, remaining, reset);
        return response;
    }

    public static HttpResponseMessage Text(HttpStatusCode status, string text, int? remaining = null, int? reset = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "text/plain") };
        AddLimitHeaders(response, remaining, reset);
        return response;
    }

    private static void AddLimitHeaders(HttpResponseMessage response, int? remaining, int? reset)
    {
        if (remaining is not null)
        {
            response.Headers.Add("X-Rate-Limit-Remaining", remaining.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (reset is not null)
        {
            response.Headers.Add("X-Rate-Limit-Reset", reset.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>The real client (DI, IHttpClientFactory, limiter, Polly) over a <see cref="RecordingHandler"/> and a <see cref="WatchedTimeProvider"/> (FakeTimeProvider).</summary>
public sealed class ClientHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ClientHarness(ServiceProvider services, RecordingHandler handler, WatchedTimeProvider time)
    {
        _services = services;
        Handler = handler;
        Time = time;
        Factory = services.GetRequiredService<OntraportClientFactory>();
    }

    public RecordingHandler Handler { get; }

    public WatchedTimeProvider Time { get; }

    public OntraportClientFactory Factory { get; }

    /// <summary>What the client shares between calls (the metadata cache, the limiter partitions).</summary>
    public IServiceProvider Services => _services;

    public IReadOnlyList<RecordedRequest> Requests => Handler.Requests;

    public static ClientHarness Create(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> respond, Action<OntraportClientOptions>? configure = null)
    {
        var time = new WatchedTimeProvider();
        var handler = new RecordingHandler(respond);
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(time);
        services.AddOntraportClient(options =>
        {
            options.BaseAddress = new Uri("https://api.test/1/");
            options.RateLimitPerMinute = 10_000;
            configure?.Invoke(options);
        }).ConfigurePrimaryHttpMessageHandler(() => handler);
        return new ClientHarness(services.BuildServiceProvider(), handler, time);
    }

    public static ClientHarness Answering(string dataJson, Action<OntraportClientOptions>? configure = null) =>
        Create((_, _) => Task.FromResult(RecordingHandler.Envelope(dataJson)), configure);

    /// <summary>
    /// A client for an account Ontraport has accepted (as after its first 2xx), so that its requests spend the account's
    /// bucket of <see cref="OntraportClientOptions.RateLimitPerMinute"/> whatever the handler answers. The bucket of
    /// credentials not yet accepted has tests of its own (<see cref="RateLimitPartitionTests"/>).
    /// </summary>
    public OntraportClient Client(string appId = "2_AppID_12345678", string apiKey = "Key5678secret", IProgress<Http.CallProgress>? progress = null)
    {
        var credentials = new OntraportCredentials(appId, apiKey);
        _services.GetRequiredService<RateLimitPartitions>().Accepted.Accept(credentials);
        return Factory.Create(credentials, progress);
    }

    /// <summary>A client for credentials Ontraport has not accepted yet.</summary>
    public OntraportClient UnverifiedClient(string appId, string apiKey) => Factory.Create(new OntraportCredentials(appId, apiKey));

    public RateLimitPartitions Partitions => _services.GetRequiredService<RateLimitPartitions>();

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
