using System.Globalization;
using Ontraport.Client.RateLimiting;
using StackExchange.Redis;

namespace Ontraport.Mcp.Server.Hosting.Distributed;

/// <summary>
/// The accounts' buckets of several instances in Redis (DESIGN §8): one hash per account, changed only by one Lua script,
/// which Redis runs alone, so every operation is atomic. The script is the <see cref="ReservationBucket"/> arithmetic, line
/// for line; the two must stay the same. RedisRateLimiting was not used: it offers no way to drain a bucket to what the
/// upstream reports, nor to block it until a reset, nor to pass the time in, and its waiters poll.
/// </summary>
public sealed class RedisRateLimitStore(IConnectionMultiplexer redis, string keyPrefix = "ontraport-mcp:rate:") : IRateLimitStore
{
    /// <summary>
    /// KEYS[1]: the bucket hash {t, s}. ARGV: op, now ms, capacity, tokens per ms, then reserve: max wait ms, debt, lease;
    /// charge: count; release: slot ms; observe: remaining, reset ms. Returns {granted, wait ms, tail ms, leased} (tail:
    /// when the next token is free; leased: the tokens a granted reservation took beyond its own, only from a bucket left
    /// at least half full).
    /// </summary>
    internal const string Script = """
        local op = ARGV[1]
        local now = tonumber(ARGV[2])
        local cap = tonumber(ARGV[3])
        local rate = tonumber(ARGV[4])
        local state = redis.call('HMGET', KEYS[1], 't', 's')
        local t = tonumber(state[1])
        local s = tonumber(state[2])
        if t == nil or s == nil then
          t = 0
          s = now
        end
        if now > s then
          t = math.min(cap, t + (now - s) * rate)
          s = now
        end
        local granted = 0
        local wait = 0
        local leased = 0
        if op == 'reserve' then
          t = t - tonumber(ARGV[6])
          local after = t - 1
          local slot = s
          if after < 0 then
            slot = s + (-after) / rate
          end
          wait = slot - now
          if wait <= tonumber(ARGV[5]) then
            t = after
            granted = 1
            leased = math.min(tonumber(ARGV[7]), math.floor(t - cap / 2))
            if leased > 0 and wait <= 0 then
              t = t - leased
            else
              leased = 0
            end
          end
        elseif op == 'charge' then
          t = t - tonumber(ARGV[5])
        elseif op == 'release' then
          if tonumber(ARGV[5]) > now then
            t = math.min(cap, t + 1)
          end
        else
          local remaining = tonumber(ARGV[5])
          if remaining <= 0 then
            if t > 0 then
              t = 0
            end
            local blocked = now + tonumber(ARGV[6]) - math.ceil(1 / rate)
            if blocked > s then
              s = blocked
            end
          elseif t > remaining then
            t = remaining
          end
        end
        local tail = s
        if t < 0 then
          tail = s + (-t) / rate
        end
        redis.call('HSET', KEYS[1], 't', string.format('%.17g', t), 's', string.format('%.17g', s))
        redis.call('PEXPIRE', KEYS[1], math.ceil(tail - now) + 120000)
        return {granted, string.format('%d', math.ceil(wait)), string.format('%d', math.ceil(tail)), leased}
        """;

    public string Name => "Redis";

    public bool IsAvailable => redis.IsConnected;

    public ValueTask<StoredBucketAnswer> ReserveAsync(string bucket, BucketShape shape, DateTimeOffset now, TimeSpan maxWait, int debt, int lease = 0) =>
        EvaluateAsync("reserve", bucket, shape, now, (long)Math.Floor(maxWait.TotalMilliseconds), debt, lease);

    public ValueTask<StoredBucketAnswer> ChargeAsync(string bucket, BucketShape shape, DateTimeOffset now, int count) =>
        EvaluateAsync("charge", bucket, shape, now, count, 0, 0);

    public ValueTask<StoredBucketAnswer> ReleaseAsync(string bucket, BucketShape shape, DateTimeOffset now, DateTimeOffset slot) =>
        EvaluateAsync("release", bucket, shape, now, slot.ToUnixTimeMilliseconds(), 0, 0);

    public ValueTask<StoredBucketAnswer> ObserveAsync(string bucket, BucketShape shape, DateTimeOffset now, int remaining, TimeSpan blockedFor) =>
        EvaluateAsync("observe", bucket, shape, now, remaining, (long)blockedFor.TotalMilliseconds, 0);

    private async ValueTask<StoredBucketAnswer> EvaluateAsync(string op, string bucket, BucketShape shape, DateTimeOffset now, long first, long second, long third)
    {
        RedisResult[] result;
        try
        {
            result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, [(RedisKey)(keyPrefix + bucket)],
            [
                op,
                now.ToUnixTimeMilliseconds(),
                shape.Capacity.ToString("R", CultureInfo.InvariantCulture),
                shape.TokensPerMillisecond.ToString("R", CultureInfo.InvariantCulture),
                first,
                second,
                third,
            ]))!;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new RateLimitStoreException($"Redis did not run the rate-limit script ({ex.GetType().Name}).", ex);
        }

        var wait = TimeSpan.FromMilliseconds(long.Parse((string)result[1]!, CultureInfo.InvariantCulture));
        var tail = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)result[2]!, CultureInfo.InvariantCulture));
        return new StoredBucketAnswer((int)result[0] == 1, wait, tail, result.Length > 3 ? (int)result[3] : 0);
    }
}
