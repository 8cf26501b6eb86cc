using Ontraport.Client.RateLimiting;
using Ontraport.Mcp.Server.OAuth;
using StackExchange.Redis;

namespace Ontraport.Mcp.Server.Hosting.Distributed;

/// <summary>
/// Ended OAuth grants on Redis pub/sub, so each instance's grant cache drops them at once (issue 22: a call checks its
/// grant in memory, not in the store). Pub/sub keeps nothing: an instance cut off from Redis when a message is sent
/// misses it, and its entry ends with its lifetime (<see cref="OAuthSettings.GrantCacheLifetime"/>), the same bound as
/// without Redis.
/// </summary>
public sealed class RedisGrantRevocations(IConnectionMultiplexer redis, TimeProvider time, ILogger<RedisGrantRevocations> logger) : IGrantRevocationChannel
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("ontraport-mcp:grant-ended");

    private readonly LogThrottle _failureLog = new(time, TimeSpan.FromMinutes(1));

    public async Task PublishAsync(string grantId)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, grantId);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (_failureLog.ShouldLog())
            {
                logger.LogWarning("Could not tell the other instances through Redis that an OAuth grant ended ({Failure}); they refuse it when their cached entry lapses", ex.GetType().Name);
            }
        }
    }

    public void Subscribe(Action<string> ended)
    {
        try
        {
            redis.GetSubscriber().Subscribe(Channel, (_, message) =>
            {
                if (message.HasValue)
                {
                    ended(message!);
                }
            });
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis is down at the first signed-in call: the client keeps the subscription and makes it when it reconnects;
            // meanwhile entries lapse with their lifetime.
            logger.LogWarning("Could not subscribe to ended OAuth grants on Redis yet ({Failure}); until it answers, a grant ended on another instance holds here for up to its cache lifetime", ex.GetType().Name);
        }
    }
}
