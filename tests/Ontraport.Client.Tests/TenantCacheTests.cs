using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Client.Metadata;
using Ontraport.Testing;

namespace Ontraport.Client.Tests;

/// <summary>
/// Issue 18 / DESIGN §10 at the client: per-account caches are keyed by the account and the credential that read them,
/// served only to credentials Ontraport accepted, forgotten for the whole account on invalidation, and bounded.
/// </summary>
public class TenantCacheTests
{
    private const string AppId = "2_AppID_Tenant";
    private const string RightKey = "right-key-1111";
    private const string OtherRightKey = "second-right-key-3333";
    private const string WrongKey = "wrong-key-2222";

    /// <summary>An Ontraport that refuses <paramref name="refused"/> keys with 401 and answers the others.</summary>
    private static ClientHarness Ontraport(ISet<string> refused) => ClientHarness.Create((request, _) => Task.FromResult(
        refused.Contains(request.Headers["Api-Key"]) ? RecordingHandler.Text(HttpStatusCode.Unauthorized, "Unauthorized")
        : request.Route == "GET /1/objects/getInfo" ? RecordingHandler.Envelope("""{"listFields":["firstname"],"listFieldSettings":[],"count":"1"}""")
        : request.Route == "GET /1/objects" ? RecordingHandler.Envelope("""[{"id":"4","name":"Welcome"}]""")
        : RecordingHandler.Envelope("""{"0":{"name":"Contact","fields":{"firstname":{"alias":"First Name","type":"text"}}}}""")));

    private static int RequestsWith(ClientHarness harness, string key) => harness.Requests.Count(r => r.Headers["Api-Key"] == key);

    [Fact]
    public async Task A_wrong_key_with_a_known_App_ID_is_sent_to_Ontraport_and_refused_not_served_the_cache()
    {
        await using var harness = Ontraport(new HashSet<string> { WrongKey });
        var cache = harness.Services.GetRequiredService<MetadataCache>();
        await harness.Client(AppId, RightKey).GetMetadataAsync(CancellationToken.None);
        await harness.Client(AppId, RightKey).GetListFieldsAsync(0, CancellationToken.None);
        var warm = cache.Count;

        var wrong = harness.Client(AppId, WrongKey);
        Assert.Equal(OntraportErrorKind.Unauthorized, (await Assert.ThrowsAsync<OntraportException>(() => wrong.GetMetadataAsync(CancellationToken.None))).Kind);
        Assert.Equal(OntraportErrorKind.Unauthorized, (await Assert.ThrowsAsync<OntraportException>(() => wrong.GetListFieldsAsync(0, CancellationToken.None))).Kind);
        Assert.Equal(OntraportErrorKind.Unauthorized, (await Assert.ThrowsAsync<OntraportException>(() => wrong.GetRecordNamesAsync(140, [4], CancellationToken.None))).Kind);
        Assert.Equal(3, RequestsWith(harness, WrongKey));
        Assert.Equal(warm, cache.Count); // nothing kept for a key Ontraport refused
    }

    [Fact]
    public async Task Invalidation_drops_the_account_s_entries_for_every_credential_and_no_other_account_s()
    {
        await using var harness = Ontraport(new HashSet<string>());
        foreach (var (appId, key) in new[] { (AppId, RightKey), (AppId, OtherRightKey), ("2_AppID_Other", RightKey) })
        {
            await harness.Client(appId, key).GetMetadataAsync(CancellationToken.None);
            await harness.Client(appId, key).GetListFieldsAsync(0, CancellationToken.None);
        }

        Assert.Equal(6, harness.Requests.Count);
        harness.Client(AppId, RightKey).InvalidateMetadata();
        foreach (var (appId, key) in new[] { (AppId, RightKey), (AppId, OtherRightKey), ("2_AppID_Other", RightKey) })
        {
            await harness.Client(appId, key).GetMetadataAsync(CancellationToken.None);
            await harness.Client(appId, key).GetListFieldsAsync(0, CancellationToken.None);
        }

        Assert.Equal(10, harness.Requests.Count); // both credentials of the account read again; the other account did not
        Assert.Equal(2, harness.Requests.Count(r => r.Headers["Api-Appid"] == "2_AppID_Other"));
    }

    [Fact]
    public async Task A_key_Ontraport_stops_accepting_is_no_longer_served_what_it_read()
    {
        var refused = new HashSet<string>();
        await using var harness = Ontraport(refused);
        await harness.Client(AppId, RightKey).GetMetadataAsync(CancellationToken.None);
        refused.Add(RightKey); // the owner revokes the key

        var revoked = harness.Client(AppId, RightKey);
        await Assert.ThrowsAsync<OntraportException>(() => revoked.Objects.GetAsync(0, 1, CancellationToken.None));
        await Assert.ThrowsAsync<OntraportException>(() => revoked.GetMetadataAsync(CancellationToken.None));
        Assert.Equal(0, harness.Services.GetRequiredService<MetadataCache>().Count);
    }

    [Fact]
    public async Task Entries_of_credentials_no_longer_used_are_dropped_after_the_time_to_live()
    {
        var time = new FakeClock();
        var cache = new MetadataCache(time, TimeSpan.FromMinutes(10));
        var empty = new AccountMetadata(new Dictionary<int, ObjectMetadata>());
        for (var i = 0; i < 100; i++)
        {
            await cache.GetAsync(new CacheOwner(AppId, $"fingerprint-{i}"), () => Task.FromResult(empty), CancellationToken.None);
        }

        Assert.Equal(100, cache.Count);
        time.Advance(TimeSpan.FromMinutes(11));
        await cache.GetAsync(new CacheOwner(AppId, "fingerprint-new"), () => Task.FromResult(empty), CancellationToken.None);
        Assert.Equal(1, cache.Count);
    }
}
