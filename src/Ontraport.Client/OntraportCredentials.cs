namespace Ontraport.Client;

/// <summary>
/// The two headers Ontraport authenticates every request with (API reference §1.2).
/// <see cref="ToString"/> never prints the key, so a credentials object can be logged or put in an exception safely.
/// </summary>
public sealed record OntraportCredentials
{
    public OntraportCredentials(string appId, string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        AppId = appId.Trim();
        ApiKey = apiKey.Trim();
    }

    /// <summary>The account's app id (<c>Api-Appid</c>). Not a secret; used to partition rate limits and caches.</summary>
    public string AppId { get; }

    /// <summary>The secret API key (<c>Api-Key</c>). Never logged, never returned to an agent.</summary>
    public string ApiKey { get; }

    public override string ToString() => $"OntraportCredentials {{ AppId = {AppId}, ApiKey = [redacted] }}";
}
