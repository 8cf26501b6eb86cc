using System.Runtime.InteropServices;
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
    public string Fingerprint => _fingerprint ??= FingerprintOf(AppId, ApiKey);

    /// <summary>
    /// The last credentials fingerprinted and their fingerprint. A sandbox or single-account server builds equal
    /// credentials for every request (the authentication handler makes a new object per call), so one remembered pair
    /// spares an HMAC per call (issue 22); a server serving many accounts just misses and hashes as before. One entry:
    /// nothing accumulates. The key is compared in constant time: a caller trying keys against a known App ID learns
    /// nothing from how long the comparison took.
    /// </summary>
    private static OntraportCredentials? _lastFingerprinted;

    private static string FingerprintOf(string appId, string apiKey)
    {
        if (Volatile.Read(ref _lastFingerprinted) is { } last && string.Equals(last.AppId, appId, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(last.ApiKey.AsSpan()), MemoryMarshal.AsBytes(apiKey.AsSpan())))
        {
            return last._fingerprint!;
        }

        var fingerprint = Convert.ToHexStringLower(HMACSHA256.HashData(FingerprintKey, Encoding.UTF8.GetBytes(appId + "\n" + apiKey)).AsSpan(0, 16));
        Volatile.Write(ref _lastFingerprinted, new OntraportCredentials(appId, apiKey) { _fingerprint = fingerprint });
        return fingerprint;
    }

    public bool Equals(OntraportCredentials? other) =>
        other is not null && string.Equals(AppId, other.AppId, StringComparison.Ordinal) && string.Equals(ApiKey, other.ApiKey, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(AppId, ApiKey);

    public override string ToString() => $"OntraportCredentials {{ AppId = {AppId}, ApiKey = [redacted] }}";
}
