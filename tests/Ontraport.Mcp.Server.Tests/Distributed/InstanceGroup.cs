using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using Ontraport.Client.RateLimiting;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Mcp.Server.Hosting.Distributed;
using Ontraport.Sandbox;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests.Distributed;

/// <summary>
/// Several real server instances (the whole host, each on its own TestServer) behind no load balancer but the test,
/// sharing one Redis, one upstream (a sandbox every instance's client talks to, which records when each request
/// arrived) and one manual clock. <see cref="RunAsync"/> moves the clock from timer to timer, each time only once every
/// caller is parked on it, so the figures are exact and nothing sleeps.
/// </summary>
public sealed class InstanceGroup : IAsyncDisposable
{
    public const int Limit = 30;

    private readonly List<McpClient> _clients = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _callers = [];
    private int _callerCount;
    private int _paused;
    private int _extra;

    private InstanceGroup(RedisServer redis, FakeClock time, OntraportSandbox upstream, List<ServerHost> hosts)
    {
        Redis = redis;
        Time = time;
        Upstream = upstream;
        Hosts = hosts;
    }

    public RedisServer Redis { get; }

    public FakeClock Time { get; }

    public OntraportSandbox Upstream { get; }

    public IReadOnlyList<ServerHost> Hosts { get; }

    public IReadOnlyList<McpClient> Clients => _clients;

    public SandboxAccount Account => Upstream.Account(ServerSettings.SandboxAppId);

    /// <summary>Tool answers of the background callers, by outcome ("ok" or the error text's start).</summary>
    public ConcurrentQueue<(DateTimeOffset At, int Instance, bool Ok, string Text)> Answers { get; } = new();

    public static async Task<InstanceGroup> StartAsync(int instances)
    {
        var redis = await RedisServer.StartNewAsync();
        var time = new FakeClock();
        var upstream = new OntraportSandbox(new SandboxOptions { RateLimitPerMinute = Limit, TimeProvider = time });
        var hosts = Enumerable.Range(0, instances).Select(_ => new ServerHost(time,
                ("ONTRAPORT_MCP_REDIS", redis.Configuration),
                ("ONTRAPORT_MCP_INSTANCE_COUNT", instances.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                AddServices = services => services.AddSingleton(upstream),
            })
            .ToList();
        var group = new InstanceGroup(redis, time, upstream, hosts);
        foreach (var host in hosts)
        {
            group._clients.Add(await host.ConnectAsync());
        }

        return group;
    }

    public RateLimitPartitions Partitions(int instance) => Hosts[instance].Services.GetRequiredService<RateLimitPartitions>();

    public DistributedState State(int instance) => Hosts[instance].Services.GetRequiredService<DistributedState>();

    /// <summary>Upstream requests the account received (all of them, metadata reads included: every one counts against the limit).</summary>
    public IReadOnlyList<DateTimeOffset> UpstreamTimes() => [.. Account.Requests.Select(r => r.Time).Order()];

    public int UpstreamRefusals => Account.Requests.Count(r => r.StatusCode == 429);

    public static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> times) =>
        times.Select(start => times.Count(t => t >= start && t < start + TimeSpan.FromSeconds(60))).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Starts <paramref name="perInstance"/> callers on each instance that read a page of contacts over and over. Keep it
    /// at one: two on one instance can wait on each other (one metadata fetch for both), which the driver cannot see.
    /// </summary>
    public void StartReaders(int perInstance)
    {
        for (var i = 0; i < _clients.Count; i++)
        {
            for (var c = 0; c < perInstance; c++)
            {
                var instance = i;
                Interlocked.Increment(ref _callerCount);
                _callers.Add(Task.Run(() => ReadAsync(instance)));
            }
        }
    }

    private async Task ReadAsync(int instance)
    {
        try
        {
            await ReadUntilStoppedAsync(instance);
        }
        finally
        {
            Interlocked.Decrement(ref _callerCount); // a reader that has stopped is no longer waited for
        }
    }

    private async Task ReadUntilStoppedAsync(int instance)
    {
        while (!_stop.IsCancellationRequested)
        {
            var answer = await _clients[instance].CallAsync("get_objects", new { object_type = "contacts", limit = 1 });
            Answers.Enqueue((Time.GetUtcNow(), instance, !answer.IsError, answer.Text.Length > 120 ? answer.Text[..120] : answer.Text));
            if (answer.IsError)
            {
                // A refused read (no slot within its budget) tries again a second later, on the clock.
                try
                {
                    await ClockWait.PauseAsync(Time, TimeSpan.FromSeconds(1), () => Interlocked.Increment(ref _paused), () => Interlocked.Decrement(ref _paused), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Runs one more call while the clock is driven, and returns its answer.</summary>
    public async Task<ToolAnswer> CallAsync(int instance, string tool, object arguments)
    {
        Interlocked.Increment(ref _extra);
        var call = _clients[instance].CallAsync(tool, arguments);
        try
        {
            await RunUntilAsync(() => call.IsCompleted, TimeSpan.FromMinutes(3), extra: true);
            return await call;
        }
        finally
        {
            Interlocked.Decrement(ref _extra);
        }
    }

    /// <summary>Runs a call of the test's own (raw HTTP, say) while the clock is driven, and returns its answer.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> start)
    {
        Interlocked.Increment(ref _extra);
        var call = start();
        try
        {
            await RunUntilAsync(() => call.IsCompleted, TimeSpan.FromMinutes(3), extra: true);
            return await call;
        }
        finally
        {
            Interlocked.Decrement(ref _extra);
        }
    }

    private bool Parked(bool extra) =>
        Enumerable.Range(0, Hosts.Count).Sum(i => Partitions(i).QueuedCount) + Volatile.Read(ref _paused) == Volatile.Read(ref _callerCount) + (extra ? Volatile.Read(ref _extra) : 0);

    /// <summary>Moves the clock from timer to timer for <paramref name="duration"/>.</summary>
    public Task RunAsync(TimeSpan duration) => RunUntilAsync(() => false, duration, extra: false);

    private async Task RunUntilAsync(Func<bool> done, TimeSpan duration, bool extra)
    {
        var end = Time.GetUtcNow() + duration;
        while (Time.GetUtcNow() < end && !done())
        {
            await WaitAsync(() => done() || Parked(extra), () =>
                $"every caller to wait on the clock (queued {string.Join("+", Enumerable.Range(0, Hosts.Count).Select(i => Partitions(i).QueuedCount))}, paused {_paused}, " +
                $"callers {_callerCount}, extra {_extra}, timers {Time.ActiveTimerCount}, next {Time.NextTimerDueIn}, answers {Answers.Count})");
            if (done())
            {
                return;
            }

            var next = Time.NextTimerDueIn ?? TimeSpan.FromSeconds(1);
            Time.Advance(Time.GetUtcNow() + next > end ? end - Time.GetUtcNow() : next);
        }
    }

    /// <summary>Waits (in real time, bounded) for something the clock does not drive: Redis connecting, callers settling.</summary>
    public static Task WaitAsync(Func<bool> condition, string what) => WaitAsync(condition, () => what);

    private static async Task WaitAsync(Func<bool> condition, Func<string> what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "timed out waiting for " + what());
            await Task.Yield();
        }
    }

    /// <summary>Waits for every instance's Redis connection to be up (or down), on the connection's own events.</summary>
    public async Task WaitForRedisAsync(bool connected)
    {
        foreach (var redis in Hosts.Select((_, i) => State(i).Redis!))
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void Changed(object? sender, StackExchange.Redis.ConnectionFailedEventArgs e) => changed.TrySetResult();
            if (connected)
            {
                redis.ConnectionRestored += Changed;
            }
            else
            {
                redis.ConnectionFailed += Changed;
            }

            try
            {
                if (redis.IsConnected != connected)
                {
                    await changed.Task.WaitAsync(TimeSpan.FromSeconds(60));
                }

                // A restored event can come for one of the two connections before the other: confirm the state itself.
                await WaitAsync(() => redis.IsConnected == connected, connected ? "Redis to reconnect" : "Redis to drop");
            }
            finally
            {
                redis.ConnectionRestored -= Changed;
                redis.ConnectionFailed -= Changed;
            }
        }
    }

    public async Task<JsonNode> HealthAsync(int instance)
    {
        using var http = Hosts[instance].CreateClient();
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task StopReadersAsync()
    {
        await _stop.CancelAsync();
        // A reader waiting for its slot finishes once the clock lets it; drive the clock until all have stopped.
        var readers = Task.WhenAll(_callers);
        await RunUntilAsync(() => readers.IsCompleted, TimeSpan.FromMinutes(5), extra: false);
        await readers.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopReadersAsync();
        }

        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        foreach (var host in Hosts)
        {
            await host.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}
