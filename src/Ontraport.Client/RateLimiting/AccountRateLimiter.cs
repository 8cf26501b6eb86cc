using Ontraport.Client.Http;

namespace Ontraport.Client.RateLimiting;

/// <summary>
/// One bucket of Ontraport's per-minute limit (180 by default; API reference §1.6): an account's, or the small one of
/// credentials not yet accepted (<see cref="RateLimitPartitions"/> decides which). The arithmetic is the
/// <see cref="ReservationBucket"/>'s: in this process for one instance, in the shared <see cref="IRateLimitStore"/> for
/// several. Each caller reserves its slot in one step and waits for it on the <see cref="TimeProvider"/>, so callers are
/// served oldest first, the guarantee is "never more than the limit in ANY 60-second window", and a slot that would come
/// after the call's deadline is refused at once instead of being waited for. A caller who leaves before its slot gives the
/// token back. Responses re-sync the bucket from <c>X-Rate-Limit-Remaining</c> / <c>-Reset</c>, because other
/// integrations spend the same budget.
/// <para>
/// While the store is unreachable the bucket falls back to its local share (<see cref="BucketShape.LocalShare"/>), which
/// starts empty and does not refill before every reservation the store may have handed out has been used: no reservation
/// lies further ahead than <see cref="RateLimitPartitions.MaxWait"/>, so the local share starts refilling that long after
/// the outage was noticed (or after the last slot this instance saw, if later). For that first stretch of an outage the
/// instance sends only what it had already reserved; then reads go on at the local share. When the store answers again,
/// the local admissions of the last minute (and those still waiting) are charged to the shared bucket in the same step,
/// and a bucket the store has lost starts empty: rejoining never adds a burst above the limit.
/// </para>
/// <para>
/// THE LEASE (issue 22): a busy account would pay a store round trip on every request, so a reservation made while calls
/// keep coming (the previous one less than <see cref="LeaseLife"/> ago) also asks the store for a few more tokens, taken
/// from the shared bucket in the same atomic step: the next calls spend them here without a round trip. The rules:
/// leased tokens are counted in the shared bucket when taken, like any reservation; the store leases only from plenty
/// (the bucket is left at least half full, so a lone or late caller elsewhere still finds half the capacity, and a low
/// bucket leases nothing); a lease starts at 1 token and doubles each time one is used up while calls keep coming, up to
/// <see cref="MaxLease"/> (8, or capacity/4 if smaller: none for a bucket under 4, 1 for 180/min's), and halves when
/// one lapses unused; a token not spent within <see cref="LeaseLife"/> (250 ms on the <see cref="TimeProvider"/>) of its
/// lease lapses, never spent later (a new lease joining unspent tokens keeps the earlier expiry), and it is not given
/// back (a round trip to save at most 8 tokens for 250 ms). A token spent up to 250 ms after it was taken stretches the
/// bucket's window bound by that quarter second's refill: any 60 s window holds at most capacity + 60.25·refill per
/// second, within the limit because <see cref="BucketShape.ForLimit"/> keeps a second of headroom (three quarters of it
/// remain for clock skew). A reported empty window (429, <c>X-Rate-Limit-Remaining</c> 0) or a low remaining count voids
/// the lease, as does an unreachable store (the local share starts no earlier than the lease's expiry). Leased slots are
/// all "now", so there is nothing to release when a caller leaves.
/// </para>
/// </summary>
public sealed class AccountRateLimiter
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly RateLimitPartitions _owner;
    private readonly string _bucket;
    private readonly string _what;
    private readonly IRateLimitStore? _store;
    private readonly object _gate = new();
    private readonly List<DateTimeOffset> _localSlots = []; // with a store: local admissions still to charge to it
    private ReservationBucket? _local;
    private DateTimeOffset _tail;
    private DateTimeOffset _blockedUntil;
    private long _queued;
    private int _leased; // tokens taken from the store for this instance to spend without asking again, until _leaseUntil
    private DateTimeOffset _leaseUntil;
    private int _leaseSize = 1; // the next lease to ask for while calls keep coming
    private DateTimeOffset _lastReserve = DateTimeOffset.MinValue;

    /// <param name="owner">The partitions this bucket belongs to (clock, maximum wait, fallback reports).</param>
    /// <param name="bucket">The bucket's name in the store (the account's App ID).</param>
    /// <param name="shape">Its size.</param>
    /// <param name="store">The shared store, or null for a bucket of this process alone (it starts full).</param>
    /// <param name="what">How a refusal names it: "This account's Ontraport rate limit (30/min)".</param>
    internal AccountRateLimiter(RateLimitPartitions owner, string bucket, BucketShape shape, IRateLimitStore? store, string what)
    {
        _owner = owner;
        _bucket = bucket;
        _store = store;
        _what = what;
        Shape = shape;
        LastUsed = owner.Time.GetUtcNow();
        if (store is null)
        {
            _local = new ReservationBucket(shape, LastUsed, tokens: shape.Capacity);
        }
    }

    /// <summary>How long a leased token may be spent after the store took it (see the class doc for the bound it costs).</summary>
    public static readonly TimeSpan LeaseLife = TimeSpan.FromMilliseconds(250);

    public BucketShape Shape { get; }

    /// <summary>The largest lease this bucket asks for: 8, or a quarter of its capacity if smaller (0: never leases).</summary>
    public int MaxLease => (int)Math.Min(8, Math.Floor(Shape.Capacity / 4));

    /// <summary>Leased tokens this instance may still spend now without asking the store (diagnostics and tests).</summary>
    public int LeasedPermits
    {
        get
        {
            lock (_gate)
            {
                return _leaseUntil > _owner.Time.GetUtcNow() ? _leased : 0;
            }
        }
    }

    public int LimitPerMinute => Shape.LimitPerMinute;

    /// <summary>Callers waiting for their reserved slot (counted until the slot's timer fires, in the timer callback itself).</summary>
    public long QueuedCount => Interlocked.Read(ref _queued);

    public DateTimeOffset LastUsed { get; internal set; }

    /// <summary>Whether this bucket runs on its local share right now (the store was unreachable at its last call).</summary>
    public bool UsingLocalShare
    {
        get
        {
            lock (_gate)
            {
                return _store is not null && _local is not null;
            }
        }
    }

    /// <summary>Tokens in this process's bucket now (negative while slots are handed out ahead); null when the store keeps it.</summary>
    public double? AvailablePermits
    {
        get
        {
            lock (_gate)
            {
                return _store is null ? _local!.Tokens(_owner.Time.GetUtcNow()) : null;
            }
        }
    }

    /// <summary>Time until the upstream said the account's window frees up, if it said so.</summary>
    public TimeSpan? BlockedFor
    {
        get
        {
            lock (_gate)
            {
                var left = _blockedUntil - _owner.Time.GetUtcNow();
                return left > TimeSpan.Zero ? left : null;
            }
        }
    }

    /// <summary>
    /// Nothing here that a new bucket would not have: nobody waiting, and the bucket full again (in this process) or nothing
    /// local to charge to the store. Such a bucket may be dropped.
    /// </summary>
    internal bool Forgettable(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (QueuedCount > 0)
            {
                return false;
            }

            return _store is null
                ? _local!.IsFull(now)
                : _local is null && _localSlots.TrueForAll(slot => slot <= now - Minute);
        }
    }

    /// <summary>
    /// Waits for a permit to send one request. When no permit comes before <paramref name="deadline"/> (or within
    /// <see cref="RateLimitPartitions.MaxWait"/>) it fails at once with <see cref="OntraportErrorKind.RateLimited"/>; a wait
    /// is reported to <paramref name="progress"/> and cancelled by <paramref name="cancellationToken"/>, which gives the
    /// slot back.
    /// </summary>
    public async ValueTask AcquireAsync(DateTimeOffset deadline, IProgress<CallProgress>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = _owner.Time.GetUtcNow();
        var maxWait = deadline > now ? deadline - now : TimeSpan.Zero;
        maxWait = maxWait < _owner.MaxWait ? maxWait : _owner.MaxWait;
        var reservation = await ReserveAsync(now, maxWait);
        if (!reservation.Granted)
        {
            throw new OntraportException(OntraportErrorKind.RateLimited,
                $"{_what} had no room within the call's time budget. Retry after {Math.Max(1, (int)Math.Ceiling(reservation.Wait.TotalSeconds))} s.",
                retryAfter: reservation.Wait);
        }

        if (reservation.Wait <= TimeSpan.Zero)
        {
            return;
        }

        progress?.Report(new WaitingForRateLimit(reservation.Slot));
        try
        {
            await WaitForSlotAsync(reservation.Wait, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await ReleaseAsync(reservation);
            throw;
        }
    }

    /// <summary>Takes a token without a slot: a request this bucket's account paid for went out on another bucket.</summary>
    public async ValueTask ChargeAsync()
    {
        var now = _owner.Time.GetUtcNow();
        if (OnStore())
        {
            try
            {
                Learn(await _store!.ChargeAsync(_bucket, Shape, now, 1));
                return;
            }
            catch (RateLimitStoreException ex)
            {
                _owner.ReportFallback(ex);
            }
        }

        lock (_gate)
        {
            LocalShare(now).Charge(now, 1);
            if (_store is not null)
            {
                _localSlots.Add(now);
            }
        }
    }

    /// <summary>
    /// Re-syncs with what Ontraport reported: if it has fewer requests left than the bucket holds, the difference is
    /// drained; if it has none left (or answered 429), nothing is sent until its reset time.
    /// </summary>
    public async ValueTask ObserveAsync(int? remaining, TimeSpan? reset)
    {
        if (remaining is not { } left)
        {
            return;
        }

        var now = _owner.Time.GetUtcNow();
        var blockedFor = left <= 0 && reset is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        lock (_gate)
        {
            if (now + blockedFor > _blockedUntil)
            {
                _blockedUntil = now + blockedFor;
            }
        }

        if (OnStore())
        {
            if (blockedFor == TimeSpan.Zero && left >= Shape.Capacity)
            {
                // The stored bucket never holds more than its capacity, so Ontraport having at least that many left
                // changes nothing in it (the script would only rewrite the same state): a call costs the store one round
                // trip (its reservation), not two. Only a low or exhausted count goes to the store.
                return;
            }

            lock (_gate)
            {
                _leased = 0; // Ontraport has little or nothing left: what this instance leased is not there to spend
            }

            try
            {
                Learn(await _store!.ObserveAsync(_bucket, Shape, now, left, blockedFor));
                return;
            }
            catch (RateLimitStoreException ex)
            {
                _owner.ReportFallback(ex); // the next acquire falls back; this re-sync is lost with the connection
                return;
            }
        }

        lock (_gate)
        {
            if (left < Shape.Capacity || blockedFor > TimeSpan.Zero)
            {
                _leased = 0;
            }

            _local?.Observe(now, left, blockedFor > TimeSpan.Zero ? blockedFor : null);
        }
    }

    private readonly record struct Reservation(bool Granted, TimeSpan Wait, DateTimeOffset Slot, bool Local);

    /// <summary>The store is there and this bucket is not on its local share.</summary>
    private bool OnStore()
    {
        lock (_gate)
        {
            return _store is not null && _local is null && _store.IsAvailable;
        }
    }

    private async ValueTask<Reservation> ReserveAsync(DateTimeOffset now, TimeSpan maxWait)
    {
        if (_store is null)
        {
            lock (_gate)
            {
                var (granted, wait) = _local!.Reserve(now, maxWait);
                return new Reservation(granted, wait, now + wait, Local: true);
            }
        }

        var available = _store.IsAvailable;
        List<DateTimeOffset> debt;
        var lease = 0;
        lock (_gate)
        {
            var busy = now - _lastReserve < LeaseLife;
            _lastReserve = now;
            if (_leased > 0 && now >= _leaseUntil)
            {
                _leased = 0; // lapsed unspent: calls came slower than the lease assumed
                _leaseSize = Math.Max(1, _leaseSize / 2);
            }

            if (!available || _local is not null)
            {
                _leased = 0; // the store is (or was just) unreachable: its lease is not spent on the way to the local share
            }
            else if (_leased > 0 && _localSlots.Count == 0)
            {
                _leased--;
                return new Reservation(true, TimeSpan.Zero, now, Local: false);
            }

            _localSlots.RemoveAll(slot => slot <= now - Minute);
            debt = [.. _localSlots];
            _localSlots.Clear();
            if (busy && _local is null && MaxLease > 0)
            {
                lease = Math.Min(_leaseSize, MaxLease);
            }
            else if (!busy)
            {
                _leaseSize = 1;
            }
        }

        Exception? failure = null;
        if (available)
        {
            try
            {
                var answer = await _store.ReserveAsync(_bucket, Shape, now, maxWait, debt.Count, lease);
                Learn(answer);
                bool rejoined;
                lock (_gate)
                {
                    rejoined = _local is not null || debt.Count > 0;
                    _local = null;
                    if (answer.Leased > 0)
                    {
                        // Joining unspent tokens keeps their earlier expiry: no token is spent later than LeaseLife after its lease.
                        if (_leased == 0 || now >= _leaseUntil)
                        {
                            _leased = 0;
                            _leaseUntil = now + LeaseLife;
                        }

                        _leased += answer.Leased;
                        _leaseSize = Math.Min(MaxLease, _leaseSize * 2);
                        if (_leaseUntil > _tail)
                        {
                            _tail = _leaseUntil; // a local share after an outage starts no earlier than the lease's end
                        }
                    }
                }

                if (rejoined)
                {
                    _owner.ReportRejoined(debt.Count);
                }

                return new Reservation(answer.Granted, answer.Wait, now + answer.Wait, Local: false);
            }
            catch (RateLimitStoreException ex)
            {
                failure = ex;
            }
        }

        Reservation local;
        lock (_gate)
        {
            _leased = 0;
            _localSlots.InsertRange(0, debt);
            var (granted, wait) = LocalShare(now).Reserve(now, maxWait);
            local = new Reservation(granted, wait, now + wait, Local: true);
            if (granted)
            {
                _localSlots.Add(local.Slot);
            }
        }

        _owner.ReportFallback(failure);
        return local;
    }

    /// <summary>The bucket of this process: the only one without a store, the local share while the store is unreachable. Under the gate.</summary>
    private ReservationBucket LocalShare(DateTimeOffset now)
    {
        if (_local is null)
        {
            var handOver = now + _owner.MaxWait; // every slot the store handed out before the outage has come by then
            _local = new ReservationBucket(_owner.LocalShape(Shape), handOver > _tail ? handOver : _tail);
        }

        return _local;
    }

    private async ValueTask ReleaseAsync(Reservation reservation)
    {
        var now = _owner.Time.GetUtcNow();
        if (reservation.Local)
        {
            lock (_gate)
            {
                _local?.Release(now, reservation.Slot);
                _localSlots.Remove(reservation.Slot);
            }

            return;
        }

        try
        {
            Learn(await _store!.ReleaseAsync(_bucket, Shape, now, reservation.Slot));
        }
        catch (RateLimitStoreException ex)
        {
            _owner.ReportFallback(ex); // the slot goes unused; the bound holds all the same
        }
    }

    private void Learn(StoredBucketAnswer answer)
    {
        lock (_gate)
        {
            if (answer.Tail > _tail)
            {
                _tail = answer.Tail;
            }
        }
    }

    /// <summary>
    /// Waits for a reserved slot on the clock; counted in <see cref="QueuedCount"/> until the slot comes (uncounted in the
    /// clock's own timer callback, so a test that drives the clock sees at once who is still parked).
    /// </summary>
    private async Task WaitForSlotAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var left = 0;
        void Leave(bool cancelled)
        {
            if (Interlocked.Exchange(ref left, 1) == 1)
            {
                return;
            }

            Interlocked.Decrement(ref _queued);
            _owner.Dequeued();
            if (cancelled)
            {
                done.TrySetCanceled(cancellationToken);
            }
            else
            {
                done.TrySetResult();
            }
        }

        // The timer first, then the count: whoever sees this caller counted also sees the timer it waits for.
        await using var timer = _owner.Time.CreateTimer(_ => Leave(cancelled: false), null, wait, Timeout.InfiniteTimeSpan);
        Interlocked.Increment(ref _queued);
        _owner.Queued();
        await using var registration = cancellationToken.Register(() => Leave(cancelled: true));
        await done.Task;
    }
}
