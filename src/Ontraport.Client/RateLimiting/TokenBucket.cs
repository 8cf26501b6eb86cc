using System.Threading.RateLimiting;

namespace Ontraport.Client.RateLimiting;

/// <summary>
/// A token bucket on the <see cref="RateLimiter"/> abstraction of System.Threading.RateLimiting, replenished only when
/// its owner calls <see cref="Replenish"/> (from a <see cref="TimeProvider"/> timer). The framework's
/// <see cref="TokenBucketRateLimiter"/> cannot be used: even with <c>AutoReplenishment = false</c> its
/// <c>TryReplenish()</c> measures elapsed time with <c>Stopwatch</c>, so a test clock cannot drive it. Waiters are served
/// strictly oldest first. Permits are consumed, not returned when a lease is disposed.
/// </summary>
public sealed class TokenBucket : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true);
    private static readonly RateLimitLease Refused = new Lease(false);

    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly int _capacity;
    private readonly int _queueLimit;
    private int _tokens;
    private long _successful;
    private long _failed;
    private bool _disposed;

    public TokenBucket(int capacity, int queueLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _queueLimit = queueLimit;
        _tokens = capacity;
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _tokens,
                CurrentQueuedCount = _queue.Count,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    /// <summary>Adds tokens (up to the capacity) and hands them to the oldest waiters.</summary>
    public void Replenish(int tokens = 1)
    {
        var wake = new List<Waiter>();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _tokens = Math.Min(_capacity, _tokens + tokens);
            while (_tokens > 0 && _queue.First is { } oldest)
            {
                _queue.RemoveFirst();
                _tokens--;
                _successful++;
                wake.Add(oldest.Value);
            }
        }

        foreach (var waiter in wake)
        {
            waiter.Grant();
        }
    }

    /// <summary>Removes up to <paramref name="tokens"/> available tokens (re-sync with what the upstream reports).</summary>
    public void Drain(int tokens)
    {
        lock (_gate)
        {
            _tokens -= Math.Clamp(tokens, 0, _tokens);
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        lock (_gate)
        {
            if (!_disposed && _queue.Count == 0 && _tokens > 0)
            {
                _tokens--;
                _successful++;
                return Granted;
            }

            _failed++;
            return Refused;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_queue.Count == 0 && _tokens > 0)
            {
                _tokens--;
                _successful++;
                return ValueTask.FromResult(Granted);
            }

            if (_queue.Count >= _queueLimit)
            {
                _failed++;
                return ValueTask.FromResult(Refused);
            }

            waiter = new Waiter();
            waiter.Node = _queue.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    if (waiter.Node?.List is null)
                    {
                        return; // already granted
                    }

                    _queue.Remove(waiter.Node);
                }

                waiter.Cancel(cancellationToken);
            });
        }

        return new ValueTask<RateLimitLease>(waiter.Task);
    }

    protected override void Dispose(bool disposing)
    {
        List<Waiter> waiting;
        lock (_gate)
        {
            _disposed = true;
            waiting = [.. _queue];
            _queue.Clear();
        }

        foreach (var waiter in waiting)
        {
            waiter.Refuse();
        }

        base.Dispose(disposing);
    }

    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(true);
        return ValueTask.CompletedTask;
    }

    private sealed class Waiter
    {
        private readonly TaskCompletionSource<RateLimitLease> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public Task<RateLimitLease> Task => _done.Task;

        public void Grant()
        {
            Registration.Dispose();
            _done.TrySetResult(Granted);
        }

        public void Refuse()
        {
            Registration.Dispose();
            _done.TrySetResult(Refused);
        }

        public void Cancel(CancellationToken token) => _done.TrySetCanceled(token);
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
