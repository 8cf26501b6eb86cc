using System.Security.Cryptography;
using System.Text;

namespace Ontraport.Client;

/// <summary>
/// The two headers Ontraport authenticates every request with (API reference §1.2).
/// <see cref="ToString"/> never prints the key, so a credentials object can be logged or put in an exception safely.
/// </summary>
public sealed record OntraportCredentials
{
    /// <summary>
    /// The key of <see cref="Fingerprint"/>: random per process, so a fingerprint means nothing outside it and cannot be
    /// checked against a guessed API key offline.
    /// </summary>
    private static readonly byte[] FingerprintKey = RandomNumberGenerator.GetBytes(32);

    private string? _fingerprint;

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

    /// <summary>
    /// A keyed hash (HMAC-SHA256 under a per-process random key) of the App ID and API key together: what per-account
    /// caches and limiter partitions are keyed by when the credential matters (DESIGN §10), never the key itself.
    /// </summary>
    public string Fingerprint => _fingerprint ??= Convert.ToHexStringLower(
        HMACSHA256.HashData(FingerprintKey, Encoding.UTF8.GetBytes(AppId + "\n" + ApiKey)).AsSpan(0, 16));

    public bool Equals(OntraportCredentials? other) =>
        other is not null && string.Equals(AppId, other.AppId, StringComparison.Ordinal) && string.Equals(ApiKey, other.ApiKey, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(AppId, ApiKey);

    public override string ToString() => $"OntraportCredentials {{ AppId = {AppId}, ApiKey = [redacted] }}";
}
