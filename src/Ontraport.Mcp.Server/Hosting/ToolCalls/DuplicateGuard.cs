using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Hosting.ToolCalls;

/// <summary>
/// Refuses an identical money-moving call (account + tool + canonical arguments) within <see cref="DuplicateGuard.Window"/>
/// so an agent that repeats itself (a retry after a timeout, a re-sent message) cannot charge a card twice. A call
/// <em>claims</em> its key before anything is sent, atomically, so two identical calls at once cannot both go out; the
/// claim is kept when the request went out (Ontraport accepted it, refused it, or its answer was lost) and released
/// only when the request certainly never reached Ontraport. In-process (<see cref="DuplicateGuard"/>) for one instance,
/// in Redis (<see cref="Distributed.RedisDuplicateGuard"/>) for several.
/// </summary>
public interface IDuplicateGuard
{
    /// <summary>
    /// Claims <paramref name="key"/> for the window. <paramref name="force"/> (the call said <c>allow_duplicate</c>) claims
    /// it over an existing one.
    /// </summary>
    /// <exception cref="DuplicateGuardUnavailableException">The shared guard cannot be checked.</exception>
    ValueTask<DuplicateClaim> ClaimAsync(string key, bool force, CancellationToken cancellationToken);

    /// <summary>The request went out (or may have): the claim holds for the window from now.</summary>
    ValueTask KeepAsync(DuplicateClaim claim);

    /// <summary>The request certainly never reached Ontraport: an identical call may go at once.</summary>
    ValueTask ReleaseAsync(DuplicateClaim claim);
}

/// <summary>
/// The outcome of <see cref="IDuplicateGuard.ClaimAsync"/>: <see cref="Claimed"/>, or refused because of an identical
/// call started at <see cref="ExistingAt"/> (still in flight when <see cref="ExistingInFlight"/>).
/// </summary>
public sealed record DuplicateClaim(string Key, string Token, bool Claimed, DateTimeOffset ExistingAt, bool ExistingInFlight);

/// <summary>The shared duplicate guard cannot be checked (Redis is unreachable): money-moving calls are refused.</summary>
public sealed class DuplicateGuardUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The in-process guard of a single instance: claims in a dictionary, swept as they lapse.</summary>
public sealed class DuplicateGuard(TimeProvider time) : IDuplicateGuard
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private static readonly HashSet<string> Ignored = ["allow_duplicate", "dry_run", "confirmation"];
    private readonly ConcurrentDictionary<string, Entry> _claims = new(StringComparer.Ordinal);

    public static string Key(string appId, string tool, JsonObject arguments)
    {
        var canonical = Canonical(arguments, Ignored)!.ToJsonString();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{appId}\n{tool}\n{canonical}")));
    }

    public ValueTask<DuplicateClaim> ClaimAsync(string key, bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Sweep(now);
        var mine = new Entry(NewToken(), now, InFlight: true);
        while (true)
        {
            if (_claims.TryAdd(key, mine))
            {
                return ValueTask.FromResult(new DuplicateClaim(key, mine.Token, true, now, false));
            }

            if (!_claims.TryGetValue(key, out var existing))
            {
                continue;
            }

            if (!force && now - existing.At < Window)
            {
                return ValueTask.FromResult(new DuplicateClaim(key, mine.Token, false, existing.At, existing.InFlight));
            }

            if (_claims.TryUpdate(key, mine, existing))
            {
                return ValueTask.FromResult(new DuplicateClaim(key, mine.Token, true, now, false));
            }
        }
    }

    public ValueTask KeepAsync(DuplicateClaim claim)
    {
        if (_claims.TryGetValue(claim.Key, out var existing) && existing.Token == claim.Token)
        {
            _claims.TryUpdate(claim.Key, existing with { At = time.GetUtcNow(), InFlight = false }, existing);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(DuplicateClaim claim)
    {
        if (_claims.TryGetValue(claim.Key, out var existing) && existing.Token == claim.Token)
        {
            _claims.TryRemove(new KeyValuePair<string, Entry>(claim.Key, existing));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A random token, so only the call that made a claim can keep or release it.</summary>
    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _claims)
        {
            if (now - entry.At >= Window)
            {
                _claims.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    /// <summary>Sorted keys at every level, the <paramref name="ignored"/> control arguments dropped, so argument order never makes two calls differ.</summary>
    public static JsonNode? Canonical(JsonNode? node, IReadOnlySet<string> ignored, bool top = true) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .Where(p => !top || !ignored.Contains(p.Key))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value, ignored, top: false)))),
        JsonArray array => new JsonArray([.. array.Select(item => Canonical(item, ignored, top: false))]),
        _ => node?.DeepClone(),
    };

    private sealed record Entry(string Token, DateTimeOffset At, bool InFlight);
}
