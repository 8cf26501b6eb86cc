using Ontraport.Client.Http;
using Ontraport.Client.RateLimiting;
using Ontraport.Testing;

namespace Ontraport.Client.Tests;

/// <summary>
/// An account's bucket in this process, on a <see cref="FakeClock"/>: the clock moves from timer to timer and grant times
/// are read from the limiter's own count of parked callers, so nothing sleeps and every figure is exact.
/// </summary>
public class AccountRateLimiterTests
{
    private static readonly DateTimeOffset Far = DateTimeOffset.MaxValue;

    /// <summary>Partitions in this process whose slots may lie <paramref name="maxWait"/> ahead (default: an hour, so every caller is queued).</summary>
    private static AccountRateLimiter Limiter(int limit, FakeClock time, TimeSpan? maxWait = null) =>
        new RateLimitPartitions(limit, maxWait ?? TimeSpan.FromHours(1), time).Account("2_Account");

    /// <summary>Enqueues <paramref name="demand"/> acquisitions at once and records the fake time each is granted.</summary>
    private static async Task<List<DateTimeOffset>> DriveAsync(AccountRateLimiter limiter, FakeClock time, int demand, TimeSpan duration)
    {
        var pending = Enumerable.Range(0, demand).Select(_ => limiter.AcquireAsync(Far, null, CancellationToken.None).AsTask()).ToList();
        var grants = new List<DateTimeOffset>();
        var granted = demand - (int)limiter.QueuedCount;
        grants.AddRange(Enumerable.Repeat(time.GetUtcNow(), granted));
        var end = time.GetUtcNow() + duration;
        while (time.GetUtcNow() < end && granted < demand && time.NextTimerDueIn is { } next)
        {
            time.Advance(next);
            var now = demand - (int)limiter.QueuedCount;
            grants.AddRange(Enumerable.Repeat(time.GetUtcNow(), now - granted));
            granted = now;
        }

        await Task.WhenAll(pending.Where(p => p.IsCompleted));
        return grants;
    }

    internal static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> grants)
    {
        var sorted = grants.Order().ToList();
        var max = 0;
        for (int i = 0, j = 0; i < sorted.Count; i++)
        {
            while (j < sorted.Count && sorted[j] - sorted[i] < TimeSpan.FromSeconds(60))
            {
                j++;
            }

            max = Math.Max(max, j - i);
        }

        return max;
    }

    [Theory]
    [InlineData(60)]
    [InlineData(180)]
    public async Task No_sixty_second_window_ever_holds_more_than_the_limit(int limit)
    {
        var time = new FakeClock();
        var limiter = Limiter(limit, time);
        var grants = await DriveAsync(limiter, time, demand: limit * 4, duration: TimeSpan.FromMinutes(3));

        Assert.True(MaxInAnyWindow(grants) <= limit, $"max {MaxInAnyWindow(grants)} > {limit}");
    }

    [Theory]
    [InlineData(60)]
    [InlineData(180)]
    public async Task Sustained_demand_uses_at_least_95_percent_of_the_limit(int limit)
    {
        var time = new FakeClock();
        var limiter = Limiter(limit, time);
        var start = time.GetUtcNow();
        var grants = await DriveAsync(limiter, time, demand: limit * 10, duration: TimeSpan.FromMinutes(2));

        var inTwoMinutes = grants.Count(g => g < start + TimeSpan.FromMinutes(2));
        Assert.True(inTwoMinutes >= 0.95 * limit * 2, $"{inTwoMinutes} grants in two minutes at limit {limit}");
    }

    [Fact]
    public async Task Burst_is_small_and_the_rest_waits_for_replenishment()
    {
        var time = new FakeClock();
        var limiter = Limiter(180, time);
        Assert.Equal(4, limiter.Shape.Capacity);
        Assert.Equal(173, limiter.Shape.TokensPerMinute); // 180 less the burst and one second of headroom: at most 177 in any window

        var first = Enumerable.Range(0, 4).Select(_ => limiter.AcquireAsync(Far, null, CancellationToken.None).AsTask()).ToList();
        Assert.All(first, t => Assert.True(t.IsCompleted));
        var fifth = limiter.AcquireAsync(Far, null, CancellationToken.None).AsTask();
        Assert.False(fifth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(Math.Ceiling(60_000 / 173.0)));
        await fifth.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_reported_empty_window_blocks_until_the_reset()
    {
        var time = new FakeClock();
        var limiter = Limiter(180, time);
        await limiter.ObserveAsync(remaining: 0, reset: TimeSpan.FromSeconds(10));

        var waiting = limiter.AcquireAsync(Far, null, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(limiter.BlockedFor);
    }

    [Fact]
    public async Task Fewer_remaining_upstream_than_in_the_bucket_drains_the_bucket()
    {
        var time = new FakeClock();
        var limiter = Limiter(180, time);
        Assert.Equal(4, limiter.AvailablePermits);
        await limiter.ObserveAsync(remaining: 1, reset: TimeSpan.FromSeconds(30));
        Assert.Equal(1, limiter.AvailablePermits);
    }

    [Fact]
    public async Task Cancelling_a_wait_gives_up_without_a_grant_and_gives_the_slot_back()
    {
        var time = new FakeClock();
        var limiter = Limiter(60, time);
        await limiter.AcquireAsync(Far, null, CancellationToken.None); // the one-token burst
        using var cancel = new CancellationTokenSource();
        var waiting = limiter.AcquireAsync(Far, null, cancel.Token).AsTask();
        Assert.Equal(1, limiter.QueuedCount);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, limiter.QueuedCount);

        // The next caller gets the slot the one who left had reserved, not the one after it.
        var next = limiter.AcquireAsync(Far, null, CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(Math.Ceiling(60_000 / limiter.Shape.TokensPerMinute)));
        await next.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_slot_after_the_deadline_is_refused_at_once_saying_when_to_retry()
    {
        var time = new FakeClock();
        var limiter = Limiter(60, time, maxWait: TimeSpan.FromSeconds(60));
        await limiter.AcquireAsync(Far, null, CancellationToken.None); // the burst; the next slot comes in about 1 s
        var refused = await Assert.ThrowsAsync<OntraportException>(() => limiter.AcquireAsync(time.GetUtcNow() + TimeSpan.FromMilliseconds(500), null, CancellationToken.None).AsTask());
        Assert.Equal(OntraportErrorKind.RateLimited, refused.Kind);
        Assert.Contains("had no room within the call's time budget. Retry after 2 s", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, limiter.QueuedCount); // nothing was reserved for the refused caller

        // Within the deadline it waits, and says how long.
        var progress = new List<CallProgress>();
        var waiting = limiter.AcquireAsync(time.GetUtcNow() + TimeSpan.FromSeconds(5), new Recorder(progress), CancellationToken.None).AsTask();
        var reported = Assert.IsType<WaitingForRateLimit>(Assert.Single(progress));
        Assert.InRange(reported.Until - time.GetUtcNow(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.1));
        time.Advance(reported.Until - time.GetUtcNow());
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_caller_granted_at_once_reports_no_wait()
    {
        var time = new FakeClock();
        var progress = new List<CallProgress>();
        await Limiter(60, time).AcquireAsync(Far, new Recorder(progress), CancellationToken.None);
        Assert.Empty(progress);
    }

    [Fact]
    public async Task Two_sessions_calling_back_to_back_share_one_account_fairly()
    {
        var time = new FakeClock();
        var limiter = Limiter(60, time);
        var counts = new int[2];
        using var stop = new CancellationTokenSource();

        async Task SessionAsync(int index)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await limiter.AcquireAsync(Far, null, stop.Token);
                    Interlocked.Increment(ref counts[index]);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        var sessions = new[] { Task.Run(() => SessionAsync(0)), Task.Run(() => SessionAsync(1)) };
        var period = TimeSpan.FromMilliseconds(Math.Ceiling(60_000 / limiter.Shape.TokensPerMinute));
        for (var i = 0; i < 2 * 60 * 4; i++)
        {
            // Let both sessions re-enter the queue before the next token arrives.
            await WaitUntilAsync(() => limiter.QueuedCount == 2);
            time.Advance(period / 2);
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

    private sealed class Recorder(List<CallProgress> into) : IProgress<CallProgress>
    {
        public void Report(CallProgress value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}

/// <summary>
/// The bucket's arithmetic alone (no timers), at limits high enough that several slots share a millisecond: the slots
/// are whole milliseconds rounded up, never early, and the bound holds whatever the limit.
/// </summary>
public class ReservationBucketTests
{
    [Theory]
    [InlineData(180)]
    [InlineData(6_000)]
    [InlineData(100_000)]
    public void The_shape_leaves_headroom_and_keeps_most_of_the_limit(int limit)
    {
        var shape = BucketShape.ForLimit(limit);
        Assert.True(shape.Capacity + shape.TokensPerMinute + Math.Ceiling(limit / 60.0) <= limit, $"{shape}");
        Assert.True(shape.TokensPerMinute >= 0.95 * limit, $"{shape}");
    }

    [Theory]
    [InlineData(20_000)]
    [InlineData(200_000)]
    public void A_limit_that_grants_several_slots_per_millisecond_still_never_exceeds_itself_in_any_window(int limit)
    {
        var start = new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);
        var bucket = new ReservationBucket(BucketShape.ForLimit(limit), start, tokens: BucketShape.ForLimit(limit).Capacity);
        var slots = new List<DateTimeOffset>();

        // Callers keep coming every 10 ms for two minutes, each taking every slot within a minute that it can.
        for (var now = start; now < start + TimeSpan.FromMinutes(2); now += TimeSpan.FromMilliseconds(10))
        {
            while (bucket.Reserve(now, TimeSpan.FromSeconds(60)) is { Granted: true } granted)
            {
                Assert.True(granted.Wait >= TimeSpan.Zero);
                Assert.Equal(0, granted.Wait.Ticks % TimeSpan.TicksPerMillisecond); // whole milliseconds, rounded up
                slots.Add(now + granted.Wait);
            }
        }

        var inTwoMinutes = slots.Count(s => s < start + TimeSpan.FromMinutes(2));
        Assert.True(AccountRateLimiterTests.MaxInAnyWindow(slots) <= limit, $"{AccountRateLimiterTests.MaxInAnyWindow(slots)} in one window");
        Assert.True(inTwoMinutes >= 0.95 * limit * 2, $"{inTwoMinutes} in two minutes");
    }
}
