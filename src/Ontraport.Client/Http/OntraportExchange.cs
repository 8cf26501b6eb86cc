using Ontraport.Client.RateLimiting;
using Polly;

namespace Ontraport.Client.Http;

/// <summary>
/// One <see cref="OntraportRequest"/> on its way through the named HttpClient: travels in
/// <see cref="HttpRequestMessage.Options"/> so that the resilience pipeline (which attempts may be repeated, when a 429
/// may be waited out) and the per-attempt handler (permits, counting, rate-limit headers) can decide from the request
/// itself. One exchange per <see cref="OntraportTransport.SendAsync"/>; its attempts share it.
/// </summary>
internal sealed class OntraportExchange(OntraportRequest request, OntraportTransport.CallState call, RateLimitPartition limiter)
{
    public static readonly HttpRequestOptionsKey<OntraportExchange> Key = new("ontraport.exchange");

    public OntraportRequest Request { get; } = request;

    public OntraportTransport.CallState Call { get; } = call;

    /// <summary>The bucket this exchange spends: the account's, or the small one of credentials not yet accepted.</summary>
    public RateLimitPartition Limiter { get; } = limiter;

    /// <summary>The call's deadline: a 429 is waited out only if its reset falls before it.</summary>
    public DateTimeOffset Deadline => Call.Deadline;

    /// <summary>Set while an attempt waits for a rate-limit permit (so a budget that runs out there says so).</summary>
    public bool WaitingForPermit { get; set; }

    /// <summary>Set once an attempt has gone to the wire (so a lost answer to a create is "outcome unknown").</summary>
    public bool Sent { get; set; }

    /// <summary>The HTTP message for this exchange: credentials, Accept, body and the exchange itself in its options.</summary>
    public HttpRequestMessage CreateMessage()
    {
        var message = new HttpRequestMessage(Request.Method, Request.RelativeUri);
        message.Headers.TryAddWithoutValidation("Api-Appid", Call.Credentials.AppId);
        message.Headers.TryAddWithoutValidation("Api-Key", Call.Credentials.ApiKey);
        message.Headers.Accept.ParseAdd("application/json");
        message.Content = Request.CreateContent();
        message.Options.Set(Key, this);
        return message;
    }

    public static OntraportExchange? Of(HttpRequestMessage? message) =>
        message is not null && message.Options.TryGetValue(Key, out var exchange) ? exchange : null;

    public static OntraportExchange? Of(ResilienceContext context) => Of(context.GetRequestMessage());
}
