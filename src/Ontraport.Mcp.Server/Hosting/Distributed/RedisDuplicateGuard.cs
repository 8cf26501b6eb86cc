using System.Globalization;
using Ontraport.Client.RateLimiting;
using Ontraport.Mcp.Server.Hosting.ToolCalls;
using StackExchange.Redis;

namespace Ontraport.Mcp.Server.Hosting.Distributed;

/// <summary>
/// The duplicate-charge guard of several instances: a claim is one Redis key per call key, set with NX and a TTL of the
/// window before anything is sent, so an identical call on any instance sees it. The value is
/// <c>token|unix ms|pending</c> (or <c>sent</c> once kept); only the holder of the token keeps or releases it. While
/// Redis cannot be reached no claim can be checked, so the call is refused.
/// </summary>
public sealed class RedisDuplicateGuard(IConnectionMultiplexer redis, TimeProvider time, ILogger<RedisDuplicateGuard> logger) : IDuplicateGuard
{
    private const string Prefix = "ontraport-mcp:duplicate:";

    /// <summary>Returns nil when claimed, else the value of the claim that stands. ARGV: value, window ms, force.</summary>
    private const string ClaimScript = """
        if ARGV[3] == '1' then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return false
        end
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return false
        end
        return redis.call('GET', KEYS[1])
        """;

    /// <summary>ARGV: the claim's value, then a new value and TTL (keep) or nothing (release).</summary>
    private const string KeepScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private readonly LogThrottle _failureLog = new(time, TimeSpan.FromMinutes(1));

    public const string UnavailableMessage =
        "Money-moving calls are refused right now: the shared duplicate-charge guard (Redis) cannot be reached, so this server cannot check " +
        "that an identical call was not just made on another instance. Nothing was sent. Try again in a minute; reads keep working.";

    public async ValueTask<DuplicateClaim> ClaimAsync(string key, bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var value = $"{DuplicateGuard.NewToken()}|{now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}|pending";
        if (!redis.IsConnected)
        {
            throw new DuplicateGuardUnavailableException(UnavailableMessage);
        }

        RedisResult existing;
        try
        {
            existing = await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, [Prefix + key],
                [value, (long)DuplicateGuard.Window.TotalMilliseconds, force ? "1" : "0"]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new DuplicateGuardUnavailableException(UnavailableMessage, ex);
        }

        if (existing.IsNull)
        {
            return new DuplicateClaim(key, value, true, now, false);
        }

        var parts = ((string)existing!).Split('|');
        var at = parts.Length == 3 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : now;
        return new DuplicateClaim(key, value, false, at, parts.Length == 3 && parts[2] == "pending");
    }

    public async ValueTask KeepAsync(DuplicateClaim claim)
    {
        var parts = claim.Token.Split('|');
        var kept = $"{parts[0]}|{time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}|sent";
        await RunAsync(KeepScript, claim, [claim.Token, kept, (long)DuplicateGuard.Window.TotalMilliseconds]);
    }

    public ValueTask ReleaseAsync(DuplicateClaim claim) => RunAsync(ReleaseScript, claim, [claim.Token]);

    /// <summary>
    /// A keep or release that fails leaves the claim as it was: it lapses with its TTL, meanwhile an identical call is
    /// refused. The safe side either way.
    /// </summary>
    private async ValueTask RunAsync(string script, DuplicateClaim claim, RedisValue[] arguments)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(script, [Prefix + claim.Key], arguments);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (_failureLog.ShouldLog())
            {
                logger.LogWarning("Could not update a duplicate-guard claim in Redis ({Failure}); it lapses after {Minutes} min", ex.GetType().Name, DuplicateGuard.Window.TotalMinutes);
            }
        }
    }
}
