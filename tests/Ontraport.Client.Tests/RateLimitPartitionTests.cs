using System.Net;
using Ontraport.Client.Http;
using Ontraport.Client.Objects;
using Ontraport.Client.RateLimiting;
using Ontraport.Testing;

namespace Ontraport.Client.Tests;

/// <summary>
/// Which bucket a request spends (DESIGN §10): credentials Ontraport has accepted spend their account's, credentials not
/// yet accepted a small one of their own. Through the real client on a fake clock, with an upstream that refuses wrong
/// keys with 401 as Ontraport does.
/// </summary>
public class RateLimitPartitionTests
{
    private const string AppId = "2_Tenant";
    private const string RightKey = "tenant-right-key";

    /// <summary>An upstream that accepts only <see cref="RightKey"/> and answers every accepted read with one contact.</summary>
    private static ClientHarness Upstream(int limit) => ClientHarness.Create(
        (request, _) => Task.FromResult(request.Headers["Api-Key"] == RightKey
            ? RecordingHandler.Envelope("""[{"id":"1","firstname":"Ada"}]""")
            : RecordingHandler.Text(HttpStatusCode.Unauthorized, "Unauthorized")),
        options => options.RateLimitPerMinute = limit);

    private static Task<IReadOnlyList<OntraportRecord>> Read(OntraportClient client) => client.Objects.ListAsync(0, new ListOptions(), CancellationToken.None);

    [Fact]
    public async Task Wrong_keys_with_the_tenants_App_ID_never_spend_the_accounts_bucket()
    {
        await using var harness = Upstream(limit: 30);
        var tenant = harness.UnverifiedClient(AppId, RightKey);
        await Read(tenant); // accepted: from now on the account's bucket (capacity 1 at 30/min), which this read was charged to
        harness.Time.Advance(TimeSpan.FromSeconds(3)); // one token back

        // Twenty wrong keys, three calls each, at once: each key has three tokens of its own, then waits 10 s or more.
        var flood = Enumerable.Range(0, 20).SelectMany(i => Enumerable.Range(0, 3).Select(_ => Read(harness.UnverifiedClient(AppId, $"wrong-key-{i}")))).ToList();
        foreach (var call in flood)
        {
            Assert.Equal(OntraportErrorKind.Unauthorized, (await Assert.ThrowsAsync<OntraportException>(() => call)).Kind);
        }

        // The tenant's read goes at once, on the clock that has not moved.
        var read = Read(harness.UnverifiedClient(AppId, RightKey));
        Assert.True(read.IsCompleted, "the tenant's read waited behind the wrong keys");
        Assert.Equal(1, (await read)[0].Id);
        Assert.Equal(0, harness.Partitions.QueuedCount);
        Assert.Equal(62, harness.Requests.Count);
    }

    [Fact]
    public async Task A_wrong_key_beyond_its_small_bucket_waits_or_is_refused_alone()
    {
        await using var harness = Upstream(limit: 180);
        var wrong = harness.UnverifiedClient(AppId, "wrong-key");
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<OntraportException>(() => Read(wrong));
        }

        // The fourth waits for its own bucket (6/min: 10 s), while the account's is untouched.
        var fourth = Read(wrong);
        Assert.False(fourth.IsCompleted);
        Assert.Equal(1, harness.Partitions.QueuedCount);
        Assert.Equal(4, harness.Partitions.Account(AppId).AvailablePermits);
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(OntraportErrorKind.Unauthorized, (await Assert.ThrowsAsync<OntraportException>(() => fourth)).Kind);
    }

    [Fact]
    public async Task The_first_2xx_accepts_the_credentials_and_charges_the_account_for_it_and_a_401_forgets_them()
    {
        var revoked = false;
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(revoked
            ? RecordingHandler.Text(HttpStatusCode.Unauthorized, "Unauthorized")
            : RecordingHandler.Envelope("[]")), options => options.RateLimitPerMinute = 180);
        var credentials = new OntraportCredentials(AppId, RightKey);
        Assert.False(harness.Partitions.Accepted.Contains(credentials));

        await Read(harness.UnverifiedClient(AppId, RightKey));
        Assert.True(harness.Partitions.Accepted.Contains(credentials));
        Assert.Equal(3, harness.Partitions.Account(AppId).AvailablePermits); // 4, less the request that proved the key

        await Read(harness.UnverifiedClient(AppId, RightKey));
        Assert.Equal(2, harness.Partitions.Account(AppId).AvailablePermits);

        revoked = true;
        await Assert.ThrowsAsync<OntraportException>(() => Read(harness.UnverifiedClient(AppId, RightKey)));
        Assert.False(harness.Partitions.Accepted.Contains(credentials));
    }

    [Fact]
    public void Accepted_credentials_are_remembered_by_fingerprint_for_a_while_and_at_most_so_many()
    {
        var time = new FakeClock();
        var accepted = new AcceptedCredentials(time, capacity: 2, timeToLive: TimeSpan.FromMinutes(10));
        var (a, b, c) = (new OntraportCredentials(AppId, "key-a"), new OntraportCredentials(AppId, "key-b"), new OntraportCredentials(AppId, "key-c"));
        accepted.Accept(a);
        accepted.Accept(b);
        Assert.False(accepted.Contains(new OntraportCredentials(AppId, "key-a-wrong")));

        time.Advance(TimeSpan.FromMinutes(5));
        accepted.Accept(a); // a is the most recent now
        accepted.Accept(c); // over capacity: b, the least recently accepted, goes
        Assert.True(accepted.Contains(a));
        Assert.False(accepted.Contains(b));
        Assert.True(accepted.Contains(c));
        Assert.Equal(2, accepted.Count);

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.False(accepted.Contains(a)); // ten minutes since its last 2xx
    }

    [Fact]
    public async Task Unverified_buckets_are_dropped_once_full_again_and_accounts_after_a_quarter_of_an_hour_idle()
    {
        var time = new FakeClock();
        var partitions = new RateLimitPartitions(180, TimeSpan.FromSeconds(60), time);
        var tenant = new OntraportCredentials(AppId, RightKey);
        partitions.Accepted.Accept(tenant);
        await partitions.For(tenant).AcquireAsync(DateTimeOffset.MaxValue, null, CancellationToken.None);
        for (var i = 0; i < 100; i++)
        {
            await partitions.For(new OntraportCredentials(AppId, $"made-up-{i}")).AcquireAsync(DateTimeOffset.MaxValue, null, CancellationToken.None);
        }

        Assert.Equal(101, partitions.Count);
        time.Advance(partitions.UnverifiedShape.RefillTime + RateLimitPartitions.SweepInterval);
        partitions.For(tenant);
        Assert.Equal(1, partitions.Count); // a full bucket is the same as a new one: nothing is lost by dropping it

        time.Advance(RateLimitPartitions.IdleEviction + TimeSpan.FromSeconds(1));
        partitions.For(new OntraportCredentials("2_Other", "key"));
        Assert.Equal(1, partitions.Count); // the tenant's account went; the new caller's unverified bucket is there
    }

    [Fact]
    public async Task A_multi_page_read_reports_its_pages_and_a_wait_for_the_limit_its_slot()
    {
        var pages = 0;
        await using var harness = ClientHarness.Create((_, _) =>
        {
            var page = Interlocked.Increment(ref pages);
            var size = page < 3 ? ListOptions.MaxRange : 7;
            return Task.FromResult(RecordingHandler.Envelope("[" + string.Join(",", Enumerable.Range(1, size).Select(i => $$"""{"id":"{{(page * 100) + i}}"}""")) + "]"));
        }, options => options.RateLimitPerMinute = 180);
        var progress = new List<CallProgress>();
        var reporter = new Progress(progress);

        var (records, truncated) = await harness.Client(progress: reporter).Objects.ListAllAsync(0, new RecordSelection(), 500, null, CancellationToken.None);
        Assert.Equal(107, records.Count);
        Assert.False(truncated);
        Assert.Equal([new ReadingPage(2, 10, PagesIsUpperBound: true), new ReadingPage(3, 10, PagesIsUpperBound: true)], progress);

        // The account's burst (4) is spent: the next read waits for its slot and says until when.
        progress.Clear();
        var ids = Enumerable.Range(1, 120).Select(i => (long)i);
        var many = harness.Client(progress: reporter).Objects.GetManyAsync(0, ids, null, CancellationToken.None);
        await harness.Time.WaitForTimerAsync(delay => delay > TimeSpan.Zero && delay < TimeSpan.FromSeconds(1));
        Assert.Equal([new ReadingPage(1, 3), new ReadingPage(2, 3)], progress.OfType<ReadingPage>());
        var wait = Assert.IsType<WaitingForRateLimit>(progress[^1]);
        Assert.Equal(harness.Time.GetUtcNow() + TimeSpan.FromMilliseconds(347), wait.Until); // one token at 173/min
        while (!many.IsCompleted)
        {
            await Until(() => many.IsCompleted || harness.Partitions.QueuedCount > 0);
            if (!many.IsCompleted)
            {
                harness.Time.Advance(TimeSpan.FromMilliseconds(347));
            }
        }

        await many;
        Assert.Equal([new ReadingPage(1, 3), new ReadingPage(2, 3), new ReadingPage(3, 3)], progress.OfType<ReadingPage>());
    }

    private static async Task Until(Func<bool> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "timed out waiting for the read to wait for the limiter");
            await Task.Yield();
        }
    }

    private sealed class Progress(List<CallProgress> into) : IProgress<CallProgress>
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
