using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Ontraport.Client;
using Ontraport.Client.RateLimiting;
using Ontraport.Mcp.Server.Hosting.Distributed;
using Ontraport.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Ontraport.Mcp.Server.Tests.Distributed;

/// <summary>
/// The client's limiter on the host's <see cref="RedisRateLimitStore"/>, on a real redis-server: several "instances"
/// (each its own connection and partitions) on one fake clock. Grant times are read on that clock, and the clock only
/// moves when every caller is parked on its slot.
/// </summary>
public sealed class RedisRateLimitStoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Limit = 30;
    private const string Account = "2_shared";
    private readonly FakeClock _time = new();
    private readonly List<ConnectionMultiplexer> _connections = [];
    private RedisServer? _redis;

    public async Task InitializeAsync()
    {
        if (RedisServer.Available)
        {
            _redis = await RedisServer.StartNewAsync();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private async Task<RateLimitPartitions> InstanceAsync()
    {
        var options = ConfigurationOptions.Parse(_redis!.Configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        _connections.Add(connection);
        return new RateLimitPartitions(Limit, TimeSpan.FromSeconds(60), _time, new RedisRateLimitStore(connection), assumedInstances: 3, NullLogger.Instance);
    }

    /// <summary>Callers that each acquire, note the grant time and acquire again, until stopped.</summary>
    private sealed class Load(IReadOnlyList<RateLimitPartitions> instances, FakeClock time, int callersPerInstance)
    {
        private readonly CancellationTokenSource _stop = new();
        private int _pausedAfterRefusal;

        public ConcurrentQueue<DateTimeOffset> Grants { get; } = new();

        public int Refusals;

        public List<Task> Callers { get; } = [];

        public int Count => instances.Count * callersPerInstance;

        public void Start()
        {
            foreach (var instance in instances)
            {
                for (var i = 0; i < callersPerInstance; i++)
                {
                    Callers.Add(Task.Run(() => CallAsync(instance.Account(Account))));
                }
            }
        }

        private async Task CallAsync(AccountRateLimiter limiter)
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await limiter.AcquireAsync(time.GetUtcNow() + TimeSpan.FromSeconds(60), null, _stop.Token);
                    Grants.Enqueue(time.GetUtcNow());
                }
                catch (OntraportException)
                {
                    Interlocked.Increment(ref Refusals);
                    try
                    {
                        await ClockWait.PauseAsync(time, TimeSpan.FromSeconds(1), () => Interlocked.Increment(ref _pausedAfterRefusal), () => Interlocked.Decrement(ref _pausedAfterRefusal), _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        /// <summary>Every caller parked on the clock: nothing more happens until it moves.</summary>
        private bool Parked => instances.Sum(i => i.QueuedCount) + Volatile.Read(ref _pausedAfterRefusal) == Count;

        /// <summary>Moves the clock from timer to timer for <paramref name="duration"/>, waiting for the callers at each step.</summary>
        public async Task RunAsync(TimeSpan duration)
        {
            var end = time.GetUtcNow() + duration;
            while (time.GetUtcNow() < end)
            {
                await Until(() => Parked, "callers parked");
                var next = time.NextTimerDueIn ?? TimeSpan.FromSeconds(1);
                time.Advance(time.GetUtcNow() + next > end ? end - time.GetUtcNow() : next);
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(Callers).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "timed out waiting for " + what);
            await Task.Yield();
        }
    }

    /// <summary>Waits for every connection to be up (or down), on the connection's own events, then confirms the state.</summary>
    private async Task WaitForRedisAsync(bool connected)
    {
        foreach (var redis in _connections)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void Changed(object? sender, ConnectionFailedEventArgs e) => changed.TrySetResult();
            redis.ConnectionRestored += Changed;
            redis.ConnectionFailed += Changed;
            try
            {
                if (redis.IsConnected != connected)
                {
                    await changed.Task.WaitAsync(TimeSpan.FromSeconds(60));
                }

                await Until(() => redis.IsConnected == connected, connected ? "Redis to reconnect" : "Redis to drop");
            }
            finally
            {
                redis.ConnectionRestored -= Changed;
                redis.ConnectionFailed -= Changed;
            }
        }
    }

    internal static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> grants) =>
        grants.Select(start => grants.Count(g => g >= start && g < start + TimeSpan.FromSeconds(60))).DefaultIfEmpty(0).Max();

    [RedisFact]
    public async Task Three_instances_together_never_exceed_the_limit_in_any_60_s_window_and_use_most_of_it()
    {
        var instances = new[] { await InstanceAsync(), await InstanceAsync(), await InstanceAsync() };
        var load = new Load(instances, _time, callersPerInstance: 4);
        var start = _time.GetUtcNow();
        load.Start();
        await load.RunAsync(TimeSpan.FromMinutes(3));
        await load.StopAsync();

        var grants = load.Grants.Order().ToList();
        var max = MaxInAnyWindow(grants);
        var lastTwoMinutes = grants.Count(g => g >= start + TimeSpan.FromMinutes(1) && g < start + TimeSpan.FromMinutes(3));
        output.WriteLine($"limit {Limit}/min, 3 instances x 4 callers: {grants.Count} grants in 3 min, max {max} in any 60 s window, {lastTwoMinutes / 2.0:0.#}/min sustained, {load.Refusals} refused");
        Assert.True(max <= Limit, $"{max} grants in one 60 s window, limit {Limit}");
        Assert.True(lastTwoMinutes >= 0.9 * Limit * 2, $"only {lastTwoMinutes} grants in two minutes of saturation");
    }

    [RedisFact]
    public async Task An_outage_falls_back_to_the_local_share_and_rejoining_adds_no_burst_above_the_limit()
    {
        var instances = new[] { await InstanceAsync(), await InstanceAsync(), await InstanceAsync() };
        var load = new Load(instances, _time, callersPerInstance: 4);
        var start = _time.GetUtcNow();
        load.Start();
        await load.RunAsync(TimeSpan.FromMinutes(2));

        _redis!.Stop();
        var down = _time.GetUtcNow();
        await WaitForRedisAsync(connected: false);
        await load.RunAsync(TimeSpan.FromMinutes(3));

        await _redis.StartAsync(); // a fresh Redis: the bucket is gone
        var up = _time.GetUtcNow();
        await WaitForRedisAsync(connected: true);
        await load.RunAsync(TimeSpan.FromMinutes(3));
        await load.StopAsync();

        var grants = load.Grants.Order().ToList();
        var max = MaxInAnyWindow(grants);
        var duringOutage = grants.Count(g => g >= down + TimeSpan.FromMinutes(1) && g < up);
        // The local admissions of the outage's last minute are charged to the shared bucket on rejoining: its first minute is lean.
        var afterRejoin = grants.Count(g => g >= up + TimeSpan.FromMinutes(2) && g < up + TimeSpan.FromMinutes(3));
        output.WriteLine($"limit {Limit}/min: max {max} in any 60 s window over {(grants[^1] - start).TotalMinutes:0.#} min; " +
            $"{duringOutage / 2.0:0.#}/min on the local shares (after the hand-over minute), {afterRejoin}/min after rejoining; {load.Refusals} refused");
        Assert.True(max <= Limit, $"{max} grants in one 60 s window, limit {Limit}");
        Assert.True(duringOutage >= 2 * 0.8 * (Limit - 2), $"the local shares admitted only {duringOutage} in two minutes");
        Assert.True(afterRejoin >= 0.8 * Limit, $"only {afterRejoin} grants in the minute after rejoining");
    }

    [RedisFact]
    public async Task A_fresh_bucket_starts_empty_and_a_spent_window_reported_by_one_instance_holds_back_the_others()
    {
        var first = (await InstanceAsync()).Account(Account);
        var second = (await InstanceAsync()).Account(Account);

        var pending = first.AcquireAsync(_time.GetUtcNow() + TimeSpan.FromSeconds(60), null, CancellationToken.None).AsTask();
        await Until(() => pending.IsCompleted || _time.ActiveTimerCount > 0, "the first caller to be parked");
        Assert.False(pending.IsCompleted); // nothing is free in a bucket Redis has never seen
        _time.Advance(TimeSpan.FromSeconds(3)); // one token refills in 60/28 s
        await pending.WaitAsync(TimeSpan.FromSeconds(30));

        await first.ObserveAsync(0, TimeSpan.FromSeconds(40)); // the upstream says the window is spent for 40 s
        var refused = await Assert.ThrowsAsync<OntraportException>(() => second.AcquireAsync(_time.GetUtcNow() + TimeSpan.FromSeconds(30), null, CancellationToken.None).AsTask());
        Assert.Equal(OntraportErrorKind.RateLimited, refused.Kind);
        Assert.True(refused.RetryAfter >= TimeSpan.FromSeconds(40), $"retry after {refused.RetryAfter}");
    }
}
