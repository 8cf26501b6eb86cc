using System.Collections.Concurrent;
using Ontraport.Sandbox.Endpoints;
using Ontraport.Sandbox.Http;

namespace Ontraport.Sandbox;

/// <summary>
/// An in-memory emulator of the Ontraport REST API (shared/ontraport-api.md). Each <c>Api-Appid</c> gets its own
/// account, seeded with a deterministic demo business on first use. Thread-safe.
/// </summary>
public sealed class OntraportSandbox
{
    private readonly ConcurrentDictionary<string, Lazy<SandboxAccount>> _accounts = new(StringComparer.Ordinal);
    private readonly SandboxOptions _options;
    private readonly ApiDispatcher _dispatcher;

    public OntraportSandbox(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RateLimitPerMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRange, 1);
        // A copy: changing the caller's options later must not change a running sandbox.
        _options = new SandboxOptions
        {
            RateLimitPerMinute = options.RateLimitPerMinute,
            MaxRange = options.MaxRange,
            TimeProvider = options.TimeProvider,
            Seed = options.Seed,
            Faults = options.Faults, // shared on purpose: faults can be switched off while the sandbox runs
            RejectedApiKeys = new HashSet<string>(options.RejectedApiKeys, StringComparer.Ordinal),
        };
        _dispatcher = new ApiDispatcher(ApiRoutes.Build(), _options);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _revokedKeys = new(StringComparer.Ordinal);

    /// <summary>
    /// From now on, requests with <paramref name="apiKey"/> get 401, as when an account owner revokes a key that an
    /// integration still holds (tests and demos of what a key that stops working does).
    /// </summary>
    public void RevokeApiKey(string apiKey) => _revokedKeys[apiKey] = true;

    /// <summary>
    /// Answers one API request. Never throws for bad input: errors are plain-text 4xx responses. An answer the account
    /// holds back (a gateway timeout) waits on the sandbox clock; cancelling <paramref name="cancellationToken"/> ends
    /// the wait with an <see cref="OperationCanceledException"/>, as a caller that gives up would see it.
    /// </summary>
    public async Task<SandboxResponse> HandleAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var appId = Header(request.Headers, "Api-Appid");
        var apiKey = Header(request.Headers, "Api-Key");
        if (string.IsNullOrWhiteSpace(appId) || string.IsNullOrWhiteSpace(apiKey) || _options.RejectedApiKeys.Contains(apiKey) || _revokedKeys.ContainsKey(apiKey))
        {
            return ApiDispatcher.Unauthorized();
        }

        return await _dispatcher.DispatchAsync(Account(appId), request, apiKey, cancellationToken);
    }

    /// <summary>The faults this sandbox injects, if any (switch them off with <see cref="SandboxFaults.Enabled"/>).</summary>
    public SandboxFaults? Faults => _options.Faults;

    /// <summary>The account of an app id, created and seeded on first use.</summary>
    public SandboxAccount Account(string appId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        return _accounts.GetOrAdd(appId, id => new Lazy<SandboxAccount>(() => new SandboxAccount(id, _options))).Value;
    }

    /// <summary>Drops an account; its next use seeds it afresh.</summary>
    public void Reset(string appId)
    {
        ArgumentNullException.ThrowIfNull(appId);
        _accounts.TryRemove(appId, out _);
    }

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (headers.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var (key, candidate) in headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }
}
