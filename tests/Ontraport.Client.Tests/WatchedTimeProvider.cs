using Microsoft.Extensions.Time.Testing;

namespace Ontraport.Client.Tests;

/// <summary>
/// <see cref="FakeTimeProvider"/> (the clock moves only on <see cref="FakeTimeProvider.Advance"/>, timers fire in due
/// order while it does) that also remembers the delay of every timer created on it, so a test can wait until the code
/// under test is parked on a given delay (a 429's reset, a backoff) before it advances the clock. Nothing here sleeps.
/// </summary>
public sealed class WatchedTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <summary>The instant the harness clocks start at (a weekday afternoon, UTC).</summary>
    public static readonly DateTimeOffset HarnessStart = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _delays = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource Done)> _waiters = [];

    public WatchedTimeProvider()
        : this(HarnessStart)
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource> released = [];
        lock (_gate)
        {
            _delays.Add(dueTime);
            foreach (var waiter in _waiters.Where(w => w.Match(dueTime)).ToList())
            {
                _waiters.Remove(waiter);
                released.Add(waiter.Done);
            }
        }

        foreach (var done in released)
        {
            done.TrySetResult();
        }

        return timer;
    }

    /// <summary>Completes when a timer is (or already was) created with a delay that <paramref name="match"/> accepts.</summary>
    public Task WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        lock (_gate)
        {
            if (_delays.Any(match))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }
}
