using Microsoft.Extensions.Time.Testing;

namespace Ontraport.Testing;

/// <summary>
/// <see cref="FakeTimeProvider"/> (the clock moves only on <see cref="FakeTimeProvider.Advance"/>; timers fire in due
/// order, synchronously, while it does) that also knows which timers are scheduled right now, so a test can wait until
/// the code under test is parked on a delay before it advances the clock. FakeTimeProvider has no such signal; this is
/// the only reason for the type. Nothing here sleeps.
/// </summary>
public sealed class FakeClock : FakeTimeProvider
{
    /// <summary>Sunday 2026-11-22 15:00 UTC, where a clock starts unless told otherwise.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly Dictionary<WatchedTimer, (TimeSpan Delay, DateTimeOffset DueAt)> _scheduled = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource Done)> _waiters = [];

    public FakeClock(DateTimeOffset? start = null)
        : base(start ?? DefaultStart)
    {
    }

    /// <summary>Number of timers that are currently scheduled (useful to check that a caller is no longer parked).</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _scheduled.Count;
            }
        }
    }

    /// <summary>Time until the next scheduled timer falls due (null when none is scheduled).</summary>
    public TimeSpan? NextTimerDueIn
    {
        get
        {
            lock (_gate)
            {
                return _scheduled.Count == 0 ? null : _scheduled.Values.Min(s => s.DueAt) - GetUtcNow();
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this);
        timer.Start(base.CreateTimer(s => { timer.Fired(); callback(s); }, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Completes when a timer is (or already was) scheduled with a delay that <paramref name="match"/> accepts and has not
    /// fired or been cancelled since. Does not move the clock.
    /// </summary>
    public Task WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        lock (_gate)
        {
            if (_scheduled.Values.Any(s => match(s.Delay)))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }

    private void Schedule(WatchedTimer timer, TimeSpan? delay)
    {
        List<TaskCompletionSource> released = [];
        lock (_gate)
        {
            if (delay is not { } scheduled)
            {
                _scheduled.Remove(timer);
                return;
            }

            _scheduled[timer] = (scheduled, GetUtcNow() + scheduled);
            foreach (var waiter in _waiters.Where(w => w.Match(scheduled)).ToList())
            {
                _waiters.Remove(waiter);
                released.Add(waiter.Done);
            }
        }

        foreach (var done in released)
        {
            done.TrySetResult();
        }
    }

    private sealed class WatchedTimer(FakeClock owner) : ITimer
    {
        private ITimer _inner = null!;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public void Start(ITimer inner) => _inner = inner;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // Recorded before the fake timer is changed: a due time of zero fires inside that call.
            _period = period;
            owner.Schedule(this, dueTime == Timeout.InfiniteTimeSpan ? null : dueTime);
            return _inner.Change(dueTime, period);
        }

        public void Fired() => owner.Schedule(this, _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : _period);

        public void Dispose()
        {
            owner.Schedule(this, null);
            _inner.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            owner.Schedule(this, null);
            await _inner.DisposeAsync();
        }
    }
}
