using Ontraport.Client.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Ontraport.Client.Tests;

/// <summary>The limiter on a <see cref="FakeTimeProvider"/>: grant times are read from the limiter's own queue, so nothing sleeps.</summary>
public class AccountRateLimiterTests
{
    /// <summary>Enqueues <paramref name="demand"/> acquisitions at once and records the fake time each is granted.</summary>
    private static async Task<List<DateTimeOffset>> DriveAsync(AccountRateLimiter limiter, FakeTimeProvider time, int demand, TimeSpan duration)
    {
        var pending = Enumerable.Range(0, demand).Select(_ => limiter.AcquireAsync(CancellationToken.None).AsTask()).ToList();
        var grants = new List<DateTimeOffset>();
        var granted = demand - (int)limiter.QueuedCount;
        grants.AddRange(Enumerable.Repeat(time.GetUtcNow(), granted));
        var step = limiter.ReplenishmentPeriod / 3;
        var end = time.GetUtcNow() + duration;
        while (time.GetUtcNow() < end && granted < demand)
        {
            time.Advance(step);
            var now = demand - (int)limiter.QueuedCount;
            grants.AddRange(Enumerable.Repeat(time.GetUtcNow(), now - granted));
            granted = now;
        }

        await Task.WhenAll(pending.Take(granted));
        return grants;
    }

    private static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> grants, TimeSpan window) =>
        grants.Select(start => grants.Count(g => g >= start && g < start + window)).DefaultIfEmpty(0).Max();

    [Theory]
    [InlineData(60)]
    [InlineData(180)]
    public async Task No_sixty_second_window_ever_holds_more_than_the_limit(int limit)
    {
        var time = new FakeTimeProvider();
        await using var limiter = new AccountRateLimiter(limit, time);
        var grants = await DriveAsync(limiter, time, demand: limit * 4, duration: TimeSpan.FromMinutes(3));

        Assert.True(MaxInAnyWindow(grants, TimeSpan.FromSeconds(60)) <= limit, $"max {MaxInAnyWindow(grants, TimeSpan.FromSeconds(60))} > {limit}");
    }

    [Theory]
    [InlineData(60)]
    [InlineData(180)]
    public async Task Sustained_demand_uses_at_least_95_percent_of_the_limit(int limit)
    {
        var time = new FakeTimeProvider();
        await using var limiter = new AccountRateLimiter(limit, time);
        var start = time.GetUtcNow();
        var grants = await DriveAsync(limiter, time, demand: limit * 10, duration: TimeSpan.FromMinutes(2));

        var inTwoMinutes = grants.Count(g => g < start + TimeSpan.FromMinutes(2));
        Assert.True(inTwoMinutes >= 0.95 * limit * 2, $"{inTwoMinutes} grants in two minutes at limit {limit}");
    }

    [Fact]
    public async Task Burst_is_small_and_the_rest_waits_for_replenishment()
    {
        var time = new FakeTimeProvider();
        await using var limiter = new AccountRateLimiter(180, time);
        Assert.Equal(4, limiter.BurstSize);
        Assert.Equal(174, limiter.RefillsPerMinute); // 60,000 ms / 343 ms ticks

        var first = Enumerable.Range(0, 4).Select(_ => limiter.AcquireAsync(CancellationToken.None).AsTask()).ToList();
        Assert.All(first, t => Assert.True(t.IsCompleted));
        var fifth = limiter.AcquireAsync(CancellationToken.None).AsTask();
        Assert.False(fifth.IsCompleted);
        time.Advance(limiter.ReplenishmentPeriod);
        await fifth.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_reported_empty_window_blocks_until_the_reset()
    {
        var time = new FakeTimeProvider();
        await using var limiter = new AccountRateLimiter(180, time);
        limiter.Observe(remaining: 0, reset: TimeSpan.FromSeconds(10));

        var waiting = limiter.AcquireAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Fewer_remaining_upstream_than_in_the_bucket_drains_the_bucket()
    {
        var time = new FakeTimeProvider();
        await using var limiter = new AccountRateLimiter(180, time);
        Assert.Equal(4, limiter.AvailablePermits);
        limiter.Observe(remaining: 1, reset: TimeSpan.FromSeconds(30));
        Assert.Equal(1, limiter.AvailablePermits);
    }

    [Fact]
    public async Task Cancelling_a_wait_gives_up_without_a_grant()
    {
        var time = new FakeTimeProvider();
        await using var limiter = new AccountRateLimiter(60, time);
        await limiter.AcquireAsync(CancellationToken.None); // the one-token burst
        using var cancel = new CancellationTokenSource();
        var waiting = limiter.AcquireAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Two_sessions_calling_back_to_back_share_one_account_fairly()
    {
        var time = new FakeTimeProvider();
        await using var limiter = new AccountRateLimiter(60, time);
        var counts = new int[2];
        using var stop = new CancellationTokenSource();

        async Task SessionAsync(int index)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await limiter.AcquireAsync(stop.Token);
                    Interlocked.Increment(ref counts[index]);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        var sessions = new[] { Task.Run(() => SessionAsync(0)), Task.Run(() => SessionAsync(1)) };
        for (var i = 0; i < 2 * 60 * 4; i++)
        {
            // Let both sessions re-enter the queue before the next token arrives.
            await WaitUntilAsync(() => limiter.QueuedCount == 2);
            time.Advance(limiter.ReplenishmentPeriod / 2);
        }

        await stop.CancelAsync();
        await Task.WhenAll(sessions);
        var (most, least) = (Math.Max(counts[0], counts[1]), Math.Min(counts[0], counts[1]));
        Assert.True(least > 0 && (double)most / least <= 1.25, $"shares {counts[0]} / {counts[1]}");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var spins = 0; !condition() && spins < 100_000; spins++)
        {
            await Task.Yield();
        }
    }
}

public class AccountRateLimiterTickTests
{
    [Theory]
    [InlineData(180)]
    [InlineData(6_000)]
    [InlineData(100_000)]
    public void The_tick_is_never_shorter_than_the_timer_can_keep_and_the_rate_is_kept(int limit)
    {
        var time = new FakeTimeProvider();
        var limiter = new AccountRateLimiter(limit, time);
        // System.Threading.Timer truncates its period to whole milliseconds; 0 would fire once and stop refilling.
        Assert.True(limiter.ReplenishmentPeriod >= AccountRateLimiter.MinimumTick, $"{limiter.ReplenishmentPeriod.TotalMilliseconds} ms");
        Assert.Equal(0, limiter.ReplenishmentPeriod.Ticks % TimeSpan.TicksPerMillisecond); // nothing for the timer to truncate
        var perMinute = limiter.TokensPerTick * (TimeSpan.FromMinutes(1) / limiter.ReplenishmentPeriod);
        Assert.InRange(perMinute, limiter.RefillsPerMinute - 1, limiter.RefillsPerMinute + 1);
        Assert.True(limiter.BurstSize + limiter.RefillsPerMinute + limiter.TokensPerTick <= limit);
    }

    [Fact]
    public async Task A_limit_that_needs_several_tokens_per_tick_still_never_exceeds_itself_in_any_window()
    {
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        await using var limiter = new AccountRateLimiter(20_000, time, queueLimit: 50_000);
        Assert.True(limiter.TokensPerTick > 1);
        var granted = new List<DateTimeOffset>();
        var pending = Enumerable.Range(0, 45_000).Select(_ => limiter.AcquireAsync(CancellationToken.None).AsTask()).ToList();
        var done = pending.Count(t => t.IsCompleted);
        granted.AddRange(Enumerable.Repeat(time.GetUtcNow(), done));
        while (time.GetUtcNow() < start + TimeSpan.FromMinutes(2) && done < pending.Count)
        {
            time.Advance(limiter.ReplenishmentPeriod);
            var now = pending.Count - (int)limiter.QueuedCount;
            granted.AddRange(Enumerable.Repeat(time.GetUtcNow(), now - done));
            done = now;
        }

        var window = TimeSpan.FromSeconds(60);
        var max = 0;
        for (int i = 0, j = 0; i < granted.Count; i++)
        {
            while (j < granted.Count && granted[j] - granted[i] < window)
            {
                j++;
            }

            max = Math.Max(max, j - i);
        }

        Assert.True(max <= 20_000, $"{max} in one window");
        Assert.True(granted.Count >= 0.95 * 20_000 * 2, $"{granted.Count} in two minutes");
        Assert.All(pending.Where(t => t.IsCompleted), t => Assert.True(t.IsCompletedSuccessfully));
    }
}
