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

    private async Task<RateLimitPartitions> InstanceAsync(int limit = Limit)
    {
        var options = ConfigurationOptions.Parse(_redis!.Configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        _connections.Add(connection);
        return new RateLimitPartitions(limit, TimeSpan.FromSeconds(60), _time, new RedisRateLimitStore(connection), assumedInstances: 3, NullLogger.Instance);
    }

    /// <summary>Callers that each acquire, note the grant time and acquire again (after <see cref="Think"/>, if set), until stopped.</summary>
    private sealed class Load(IReadOnlyList<RateLimitPartitions> instances, FakeClock time, int callersPerInstance)
    {
        /// <summary>A pause on the clock between a grant and the next acquire (zero: at once).</summary>
        public TimeSpan Think { get; set; }

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
                    if (Think > TimeSpan.Zero)
                    {
                        await ClockWait.PauseAsync(time, Think, () => Interlocked.Increment(ref _pausedAfterRefusal), () => Interlocked.Decrement(ref _pausedAfterRefusal), _stop.Token);
                    }
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

    private const string ScriptCalls = "evalsha";

    /// <summary>Script runs Redis has served since it started (INFO commandstats; EVAL and EVALSHA both count).</summary>
    private async Task<long> ScriptCallsAsync()
    {
        using var connection = await _redis!.ConnectAsync();
        var text = (string)(await connection.GetDatabase().ExecuteAsync("INFO", "commandstats"))!;
        return text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("cmdstat_" + ScriptCalls + ":", StringComparison.Ordinal) || l.StartsWith("cmdstat_eval:", StringComparison.Ordinal))
            .Sum(l => long.Parse(l.Split("calls=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// An account of <paramref name="limit"/>/min on a new instance after one acquire, its shared bucket then filled up on
    /// the clock (a bucket Redis has never seen starts empty at its first call, so that call waits for its token).
    /// </summary>
    private async Task<AccountRateLimiter> FullAccountAsync(int limit)
    {
        var account = (await InstanceAsync(limit)).Account(Account);
        var first = Acquire(account);
        await Until(() => first.IsCompleted || _time.ActiveTimerCount > 0, "the first caller to be granted or parked");
        _time.Advance(account.Shape.RefillTime + TimeSpan.FromSeconds(1));
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        return account;
    }

    private Task Acquire(AccountRateLimiter account, TimeSpan? within = null) =>
        account.AcquireAsync(_time.GetUtcNow() + (within ?? TimeSpan.FromSeconds(60)), null, CancellationToken.None).AsTask();

    [RedisFact]
    public async Task A_busy_loop_of_reads_costs_a_fraction_of_a_script_call_per_read()
    {
        var account = await FullAccountAsync(6000); // capacity 150: leases of up to 8
        const int reads = 200;
        var before = await ScriptCallsAsync();
        for (var i = 0; i < reads; i++)
        {
            await Acquire(account);
            _time.Advance(TimeSpan.FromMilliseconds(10)); // a read every 10 ms: busy, well under the 95.8/s refill
        }

        var calls = await ScriptCallsAsync() - before;
        output.WriteLine($"{reads} reads 10 ms apart at 6000/min: {calls} script calls (one per read before leases), max lease {account.MaxLease}");
        Assert.Equal(8, account.MaxLease);
        Assert.True(calls <= reads / 6, $"{calls} script calls for {reads} reads");

        // A lone read (nothing in the last 250 ms) asks for no lease: it takes only its own token.
        _time.Advance(TimeSpan.FromSeconds(5));
        await Acquire(account);
        Assert.Equal(0, account.LeasedPermits);
    }

    [RedisFact]
    public async Task Reads_further_apart_than_a_lease_lasts_ask_for_no_lease_and_cost_one_script_call_each()
    {
        var account = await FullAccountAsync(180); // capacity 4: half of it is 2, a lease would take the rest
        Assert.Equal(1, account.MaxLease);
        var before = await ScriptCallsAsync();
        for (var i = 0; i < 6; i++)
        {
            await Acquire(account);
            _time.Advance(TimeSpan.FromMilliseconds(400)); // slower than the refill: the bucket stays nearly full
        }

        var calls = await ScriptCallsAsync() - before;
        output.WriteLine($"6 reads 400 ms apart at 180/min: {calls} script calls");
        Assert.Equal(6, calls); // 400 ms apart is not busy (lease life 250 ms): no lease asked for
    }

    [RedisFact]
    public async Task A_lease_lapses_at_its_expiry_and_is_never_spent_after_it()
    {
        var account = await FullAccountAsync(6000);
        for (var i = 0; i < 4; i++)
        {
            await Acquire(account); // not busy, lease 1, spent, lease 2
        }

        Assert.Equal(2, account.LeasedPermits);
        var leasedAt = _time.GetUtcNow();
        var before = await ScriptCallsAsync();
        _time.Advance(AccountRateLimiter.LeaseLife - TimeSpan.FromMilliseconds(1));
        await Acquire(account);
        Assert.Equal(before, await ScriptCallsAsync()); // spent from the lease: no round trip
        Assert.Equal(1, account.LeasedPermits);

        _time.Advance(leasedAt + AccountRateLimiter.LeaseLife - _time.GetUtcNow());
        Assert.Equal(0, account.LeasedPermits); // the last token lapsed
        await Acquire(account);
        Assert.Equal(before + 1, await ScriptCallsAsync()); // asked the store again
    }

    [RedisFact]
    public async Task A_spent_window_or_a_low_remaining_count_voids_the_lease()
    {
        var account = await FullAccountAsync(6000);
        for (var i = 0; i < 4; i++)
        {
            await Acquire(account);
        }

        Assert.Equal(2, account.LeasedPermits);
        await account.ObserveAsync(0, TimeSpan.FromSeconds(10)); // a 429, or X-Rate-Limit-Remaining 0
        Assert.Equal(0, account.LeasedPermits);
        var refused = await Assert.ThrowsAsync<OntraportException>(() => Acquire(account, TimeSpan.FromSeconds(1)));
        Assert.True(refused.RetryAfter >= TimeSpan.FromSeconds(9), $"retry after {refused.RetryAfter}");

        _time.Advance(TimeSpan.FromSeconds(10));
        var other = await FullAccountAsync(6000); // a new instance, after the block
        for (var i = 0; i < 4; i++)
        {
            await Acquire(other);
        }

        Assert.Equal(2, other.LeasedPermits);
        await other.ObserveAsync(3, null); // Ontraport has 3 left, fewer than the bucket holds
        Assert.Equal(0, other.LeasedPermits);
    }

    [RedisFact]
    public async Task Redis_going_down_mid_lease_voids_it_and_the_local_share_starts_empty()
    {
        var account = await FullAccountAsync(6000);
        for (var i = 0; i < 4; i++)
        {
            await Acquire(account);
        }

        Assert.Equal(2, account.LeasedPermits);
        _redis!.Stop();
        await WaitForRedisAsync(connected: false);
        var refused = await Assert.ThrowsAsync<OntraportException>(() => Acquire(account, TimeSpan.FromSeconds(1)));
        Assert.Equal(OntraportErrorKind.RateLimited, refused.Kind);
        Assert.True(account.UsingLocalShare);
        Assert.Equal(0, account.LeasedPermits);

        await _redis.StartAsync(); // a fresh Redis: the bucket is gone and starts empty
        await WaitForRedisAsync(connected: true);
        var pending = Acquire(account); // back on the store, whose new bucket has no token yet: a short wait
        await Until(() => pending.IsCompleted || _time.ActiveTimerCount > 0, "the caller to be parked");
        _time.Advance(TimeSpan.FromSeconds(1));
        await pending.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(account.UsingLocalShare);
    }

    [RedisFact]
    public async Task Two_instances_leasing_through_bursts_and_lulls_never_exceed_the_limit_in_any_60_s_window()
    {
        const int limit = 3000; // capacity 75, leases of up to 8, 47.9 tokens/s
        var instances = new[] { await InstanceAsync(limit), await InstanceAsync(limit) };
        var load = new Load(instances, _time, callersPerInstance: 3);
        var before = await ScriptCallsAsync();
        load.Think = TimeSpan.FromMilliseconds(150); // 40/s: under the refill, so the bucket holds plenty and leases are spent over time
        load.Start();
        await load.RunAsync(TimeSpan.FromSeconds(50));
        load.Think = TimeSpan.FromMilliseconds(5); // a burst: demand far above the refill drains the bucket, leasing stops
        await load.RunAsync(TimeSpan.FromSeconds(20));
        load.Think = TimeSpan.FromMilliseconds(150);
        await load.RunAsync(TimeSpan.FromSeconds(50));
        load.Think = TimeSpan.Zero;
        await load.RunAsync(TimeSpan.FromSeconds(20));
        await load.StopAsync();

        var grants = load.Grants.Order().ToList();
        var calls = await ScriptCallsAsync() - before;
        var max = MaxInAnyWindow(grants);
        output.WriteLine($"limit {limit}/min, 2 instances x 3 callers, 140 s of lulls and bursts: {grants.Count} grants, {calls} script calls, max {max} in any 60 s window");
        Assert.True(max <= limit, $"{max} grants in one 60 s window, limit {limit}");
        Assert.True(calls < 0.6 * grants.Count, $"{calls} script calls for {grants.Count} grants: hardly any leases");
        Assert.True(max >= 0.8 * limit, $"only {max} grants in the busiest window");
    }

    [RedisFact]
    public async Task The_script_leases_exactly_as_the_reservation_bucket_does()
    {
        using var connection = await _redis!.ConnectAsync();
        var store = new RedisRateLimitStore(connection);
        var shape = BucketShape.ForLimit(6000); // capacity 150: leases only while 75 stay
        var twin = new ReservationBucket(shape, _time.GetUtcNow()); // a bucket the store has never seen starts empty
        var answers = new List<string>();
        foreach (var step in new[] { 0, 2000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50, 0, 700, 0, 0 })
        {
            _time.Advance(TimeSpan.FromMilliseconds(step));
            var now = _time.GetUtcNow();
            var stored = await store.ReserveAsync(Account, shape, now, TimeSpan.FromSeconds(60), debt: 0, lease: 8);
            var (granted, wait, leased) = twin.Reserve(now, TimeSpan.FromSeconds(60), lease: 8);
            Assert.Equal((granted, wait, leased), (stored.Granted, stored.Wait, stored.Leased));
            answers.Add($"{leased}");
        }

        output.WriteLine("leased per reservation: " + string.Join(" ", answers));
        Assert.Equal(0, int.Parse(answers[0], System.Globalization.CultureInfo.InvariantCulture)); // empty: no lease, a wait
        Assert.Equal(8, int.Parse(answers[1], System.Globalization.CultureInfo.InvariantCulture)); // full: a whole lease
        Assert.Contains("0", answers.Skip(2)); // drained to half: leasing stops
    }
}
