namespace Ontraport.Testing;

/// <summary>Waits on a clock and says so: counted from <c>enter</c> until <c>leave</c>, which runs in the timer callback itself.</summary>
public static class ClockWait
{
    /// <summary>
    /// A delay whose end is signalled synchronously in the clock's timer callback (not in the awaiting continuation,
    /// which may run later), so a test driving a <see cref="FakeClock"/> never counts a woken caller as parked.
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
