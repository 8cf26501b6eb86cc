using Ontraport.Client.Metadata;
using Ontraport.Testing;

namespace Ontraport.Client.Tests;

public class MetadataCacheTests
{
    private static readonly AccountMetadata Empty = new(new Dictionary<int, ObjectMetadata>());

    private static CacheOwner Owner(string account, string credential = "fp") => new(account, credential);

    [Fact]
    public async Task Concurrent_first_callers_share_one_load()
    {
        var time = new FakeClock();
        var cache = new MetadataCache(time, TimeSpan.FromMinutes(10));
        var loads = 0;
        var release = new TaskCompletionSource<AccountMetadata>(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 20)
            .Select(_ => cache.GetAsync(Owner("acct"), () => { Interlocked.Increment(ref loads); return release.Task; }, CancellationToken.None))
            .ToList();
        release.SetResult(Empty);
        await Task.WhenAll(callers);
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task Within_the_ttl_nothing_reloads_and_after_it_one_load_happens()
    {
        var time = new FakeClock();
        var cache = new MetadataCache(time, TimeSpan.FromMinutes(10));
        var loads = 0;
        Task<AccountMetadata> Load()
        {
            Interlocked.Increment(ref loads);
            return Task.FromResult(Empty);
        }

        await cache.GetAsync(Owner("acct"), Load, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(9));
        await cache.GetAsync(Owner("acct"), Load, CancellationToken.None);
        Assert.Equal(1, loads);
        time.Advance(TimeSpan.FromMinutes(2));
        await cache.GetAsync(Owner("acct"), Load, CancellationToken.None);
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task Accounts_never_share_entries_and_failures_are_not_cached()
    {
        var cache = new MetadataCache(new FakeClock(), TimeSpan.FromMinutes(10));
        var loads = new List<string>();
        await cache.GetAsync(Owner("a"), () => { loads.Add("a"); return Task.FromResult(Empty); }, CancellationToken.None);
        await cache.GetAsync(Owner("b"), () => { loads.Add("b"); return Task.FromResult(Empty); }, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync(Owner("c"), () => throw new InvalidOperationException("boom"), CancellationToken.None));
        await cache.GetAsync(Owner("c"), () => { loads.Add("c"); return Task.FromResult(Empty); }, CancellationToken.None);
        Assert.Equal(["a", "b", "c"], loads);
    }
}
