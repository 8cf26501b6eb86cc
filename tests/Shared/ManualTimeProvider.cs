namespace Ontraport.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test calls <see cref="Advance"/>.
/// Timers (and so <c>Task.Delay</c>, <c>CancellationTokenSource</c> with a TimeProvider, and Polly's delays)
/// fire synchronously, in due order, while the clock is advanced. Nothing here sleeps.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource Done)> _waiters = [];
    private DateTimeOffset _now;
    private TimeZoneInfo _localTimeZone = TimeZoneInfo.Utc;

    public ManualTimeProvider(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => _localTimeZone;

    public void SetLocalTimeZone(TimeZoneInfo zone) => _localTimeZone = zone;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Number of timers that are currently scheduled (useful to wait until a caller is parked on a delay).</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt is not null);
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
                var due = _timers.Where(t => t.DueAt is not null).Select(t => t.DueAt!.Value).DefaultIfEmpty().Min();
                return due == default ? null : due - _now;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Completes when a timer is (or already was) scheduled with a delay that <paramref name="match"/> accepts, so a test
    /// can wait until the code under test is parked on a delay before advancing the clock. Does not move the clock.
    /// </summary>
    public Task WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        lock (_gate)
        {
            if (_timers.Any(t => t.DueAt is not null && match(t.ScheduledDelay)))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers
                    .Where(t => t.DueAt is { } due && due <= target)
                    .OrderBy(t => t.DueAt)
                    .ThenBy(t => t.Sequence)
                    .FirstOrDefault();
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.DueAt!.Value > _now ? next.DueAt.Value : _now;
                next.Reschedule(_now);
            }

            next.Fire();
        }
    }

    private long _sequence;

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; private set; }

        public TimeSpan ScheduledDelay { get; private set; }

        public long Sequence { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            List<TaskCompletionSource> released = [];
            lock (owner._gate)
            {
                if (!owner._timers.Contains(this))
                {
                    owner._timers.Add(this);
                }

                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                ScheduledDelay = dueTime;
                Sequence = ++owner._sequence;
                if (DueAt is not null)
                {
                    foreach (var waiter in owner._waiters.Where(w => w.Match(dueTime)).ToList())
                    {
                        owner._waiters.Remove(waiter);
                        released.Add(waiter.Done);
                    }
                }
            }

            foreach (var done in released)
            {
                done.TrySetResult();
            }

            return true;
        }

        /// <summary>Called under the owner's lock when this timer fires at <paramref name="now"/>.</summary>
        public void Reschedule(DateTimeOffset now)
        {
            DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : now + _period;
            ScheduledDelay = _period;
            Sequence = ++owner._sequence;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
            {
                DueAt = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Waits on a clock and says so: counted from <c>enter</c> until <c>leave</c>, which runs in the timer callback itself.</summary>
public static class ClockWait
{
    /// <summary>
    /// A delay whose end is signalled synchronously in the clock's timer callback (not in the awaiting continuation,
    /// which may run later), so a test driving a <see cref="ManualTimeProvider"/> never counts a woken caller as parked.
    /// </summary>
    public static async Task PauseAsync(TimeProvider time, TimeSpan delay, Action enter, Action leave, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var left = 0;
        void Leave(bool cancelled)
        {
            if (Interlocked.Exchange(ref left, 1) == 0)
            {
                leave();
                if (cancelled)
                {
                    done.TrySetCanceled(cancellationToken);
                }
                else
                {
                    done.TrySetResult();
                }
            }
        }

        // The timer first, then enter: whoever sees the caller counted also sees the timer it waits for.
        await using var timer = time.CreateTimer(_ => Leave(false), null, delay, Timeout.InfiniteTimeSpan);
        enter();
        await using var registration = cancellationToken.Register(() => Leave(true));
        await done.Task;
    }
}
