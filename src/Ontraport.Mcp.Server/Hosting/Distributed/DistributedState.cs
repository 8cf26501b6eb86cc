using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Ontraport.Client.RateLimiting;
using Ontraport.Mcp.Server.Hosting.Authentication;
using Ontraport.Mcp.Server.Hosting.ToolCalls;
using StackExchange.Redis;

namespace Ontraport.Mcp.Server.Hosting.Distributed;

/// <summary>
/// What several instances share (DESIGN §8), and the one Redis connection of the process when
/// <c>ONTRAPORT_MCP_REDIS</c> is set: the rate-limit bucket per account (<see cref="RedisRateLimitStore"/>), the
/// duplicate-charge guard (<see cref="RedisDuplicateGuard"/>) and the Data Protection key ring. Without the setting the
/// same services run in-process, as for a single instance.
/// </summary>
public sealed class DistributedState : IDisposable
{
    public const string DataProtectionKey = "ontraport-mcp:data-protection-keys";

    private readonly LogThrottle _connectionLog;
    private readonly ILogger _logger;

    public DistributedState(ServerSettings settings, TimeProvider time, ILogger<DistributedState> logger)
    {
        _logger = logger;
        _connectionLog = new LogThrottle(time, TimeSpan.FromMinutes(1));
        if (settings.Redis is not { } configuration)
        {
            return;
        }

        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;           // start while Redis is down; the connection comes back by itself
        options.BacklogPolicy = BacklogPolicy.FailFast; // while it is down, commands fail at once and the fallbacks decide
        options.ClientName ??= "ontraport-mcp";
        Redis = ConnectionMultiplexer.Connect(options);
        Redis.ConnectionFailed += (_, e) =>
        {
            if (_connectionLog.ShouldLog())
            {
                _logger.LogWarning("Redis (ONTRAPORT_MCP_REDIS) is unreachable ({Failure}): reads go on under this instance's local share of the rate limit, money-moving calls are refused until it answers",
                    e.FailureType);
            }
        };
        Redis.ConnectionRestored += (_, _) => _logger.LogInformation("Redis (ONTRAPORT_MCP_REDIS) answers again");
    }

    /// <summary>The process's one connection, when Redis is configured (null otherwise).</summary>
    public IConnectionMultiplexer? Redis { get; }

    /// <summary>Configured but not connected right now.</summary>
    public bool RedisUnreachable => Redis is { IsConnected: false };

    /// <summary>The body of <c>/health</c>: 200 whenever the process can serve, "degraded" and why while Redis is unreachable.</summary>
    public object Health(ServerSettings settings, RateLimitPartitions partitions)
    {
        var mode = settings.Mode.ToString().ToLowerInvariant();
        if (Redis is null)
        {
            return new { status = "ok", mode };
        }

        if (!RedisUnreachable)
        {
            return new { status = "ok", mode, redis = "connected" };
        }

        var local = partitions.LocalShareShape.Capacity + partitions.LocalShareShape.TokensPerMinute;
        return new
        {
            status = "degraded",
            mode,
            redis = "unreachable",
            reason = $"Redis (ONTRAPORT_MCP_REDIS) is unreachable: reads go on under this instance's local share of the rate limit " +
                $"(about {Math.Floor(local)}/min of {settings.RateLimitPerMinute}/min), money-moving calls are refused because the duplicate-charge guard cannot be checked" +
                (settings.Mode == ServerMode.OAuth ? ", and sign-ins depend on the key ring kept in Redis." : "."),
        };
    }

    public void Dispose() => Redis?.Dispose();
}

/// <summary>Registers what <see cref="DistributedState"/> decides.</summary>
public static class DistributedServiceCollectionExtensions
{
    /// <summary>Before the Ontraport client is added: its limiter partitions are chosen here.</summary>
    public static IServiceCollection AddDistributedState(this IServiceCollection services)
    {
        services.AddSingleton<DistributedState>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<ServerSettings>();
            var store = sp.GetRequiredService<DistributedState>().Redis is { } redis ? new RedisRateLimitStore(redis) : null;
            return new RateLimitPartitions(settings.RateLimitPerMinute, settings.CallBudget, sp.GetRequiredService<TimeProvider>(), store, settings.AssumedInstances,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<RateLimitPartitions>());
        });
        services.AddSingleton<IDuplicateGuard>(sp => sp.GetRequiredService<DistributedState>().Redis is { } redis
            ? new RedisDuplicateGuard(redis, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RedisDuplicateGuard>>())
            : new DuplicateGuard(sp.GetRequiredService<TimeProvider>()));
        // Ended OAuth grants reach every instance's grant cache through Redis (oauth mode reads it; other modes never do).
        services.AddSingleton<OAuth.IGrantRevocationChannel>(sp => sp.GetRequiredService<DistributedState>().Redis is { } redis
            ? new RedisGrantRevocations(redis, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RedisGrantRevocations>>())
            : NoGrantRevocationChannel.Instance);
        return services;
    }

    /// <summary>One instance, or no Redis: an ended grant is cleared where it ended; others' entries lapse with their lifetime.</summary>
    private sealed class NoGrantRevocationChannel : OAuth.IGrantRevocationChannel
    {
        public static readonly NoGrantRevocationChannel Instance = new();

        public Task PublishAsync(string grantId) => Task.CompletedTask;

        public void Subscribe(Action<string> ended)
        {
        }
    }

    /// <summary>
    /// The Data Protection key ring in Redis when <c>ONTRAPORT_MCP_REDIS</c> is set, so a token or cookie one instance made
    /// is readable by every other; otherwise it stays where the OAuth module keeps it (its key ring directory). Call after
    /// the OAuth module is added: the last repository configured wins.
    /// </summary>
    public static IServiceCollection ShareKeyRingThroughRedis(this IServiceCollection services, IConfiguration configuration)
    {
        if (ServerSettings.RedisConfiguration(configuration) is not null)
        {
            services.AddOptions<KeyManagementOptions>().Configure<DistributedState>((options, state) =>
                options.XmlRepository = new RedisXmlRepository(() => state.Redis!.GetDatabase(), DistributedState.DataProtectionKey));
        }

        return services;
    }
}
