using System.Net;
using System.Text;
using System.Text.Json;
using Ontraport.Testing;

namespace Ontraport.Sandbox.Tests;

/// <summary>Determinism, isolation by app id, reset, the request log and concurrency.</summary>
public class AccountTests
{
    private static readonly string[] Paths =
    [
        "Contacts?range=50", "Contacts?start=150", "objects/getInfo?objectID=46", "Tasks", "Notes?range=50", "LogItems?range=20",
        "Deals", "Projects", "Transactions", "Messages", "ScheduledBroadcasts", "objects/meta", "CampaignBuilderItems", "SequenceSubscribers",
    ];

    private static async Task<string> BodyAsync(OntraportSandbox sandbox, string appId, string path)
    {
        using var client = SandboxHarness.CreateClient(sandbox, appId, "k");
        return await client.GetStringAsync(path);
    }

    [Fact]
    public async Task Same_seed_and_clock_answer_identically()
    {
        var first = new OntraportSandbox(new SandboxOptions { TimeProvider = new FakeClock(SandboxHarness.Start) });
        var second = new OntraportSandbox(new SandboxOptions { TimeProvider = new FakeClock(SandboxHarness.Start) });

        foreach (var path in Paths)
        {
            Assert.Equal(await BodyAsync(first, "2_demo", path), await BodyAsync(second, "2_demo", path));
        }
    }

    [Fact]
    public async Task Another_seed_gives_other_generated_data_but_the_same_named_records()
    {
        var first = new OntraportSandbox(new SandboxOptions { TimeProvider = new FakeClock(SandboxHarness.Start) });
        var second = new OntraportSandbox(new SandboxOptions { TimeProvider = new FakeClock(SandboxHarness.Start), Seed = 7 });

        Assert.NotEqual(await BodyAsync(first, "2_demo", "Contacts?start=100"), await BodyAsync(second, "2_demo", "Contacts?start=100"));
        Assert.Equal(first.Account("2_demo").Find(0, 1)!["email"], second.Account("2_demo").Find(0, 1)!["email"]);
    }

    [Fact]
    public async Task Seed_dates_are_relative_to_the_clock()
    {
        var later = SandboxHarness.Start.AddDays(100);
        var early = new OntraportSandbox(new SandboxOptions { TimeProvider = new FakeClock(SandboxHarness.Start) });
        var late = new OntraportSandbox(new SandboxOptions { TimeProvider = new FakeClock(later) });

        var earlyDate = long.Parse(early.Account("a").Find(0, 1)!["date"]!, System.Globalization.CultureInfo.InvariantCulture);
        var lateDate = long.Parse(late.Account("a").Find(0, 1)!["date"]!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(100L * 86400, lateDate - earlyDate);
        Assert.Equal(await BodyAsync(early, "a", "Tags"), await BodyAsync(late, "a", "Tags"));
        Assert.All(late.Account("a").All(0), c => Assert.True(long.Parse(c["date"]!, System.Globalization.CultureInfo.InvariantCulture) <= later.ToUnixTimeSeconds()));
    }

    [Fact]
    public async Task Accounts_are_isolated_by_app_id()
    {
        using var sandbox = SandboxHarness.Create();
        using var other = SandboxHarness.CreateClient(sandbox.Sandbox, "2_other", "other-key");

        await sandbox.EnvelopeAsync(HttpMethod.Delete, "object?objectID=0&id=1");
        using var response = await other.GetAsync("Contact?id=1");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("John", document.RootElement.GetProperty("data").GetProperty("firstname").GetString());
        Assert.NotEqual(sandbox.Account.AccountId, document.RootElement.GetProperty("account_id").GetInt64());
        Assert.Equal(sandbox.Sandbox.Account("2_other").AccountId, document.RootElement.GetProperty("account_id").GetInt64());
        Assert.Null(sandbox.Account.Find(0, 1));
    }

    [Fact]
    public void Account_id_is_a_pure_function_of_the_app_id()
    {
        var first = new OntraportSandbox(new SandboxOptions());
        var second = new OntraportSandbox(new SandboxOptions());

        Assert.Equal(first.Account("2_AppID_12345678").AccountId, second.Account("2_AppID_12345678").AccountId);
        Assert.InRange(first.Account("x").AccountId, 100000, 999999);
    }

    [Fact]
    public async Task Reset_drops_the_account_and_the_next_use_reseeds_it()
    {
        using var sandbox = SandboxHarness.Create();
        await sandbox.EnvelopeAsync(HttpMethod.Delete, "object?objectID=0&id=1");
        Assert.Equal(199, sandbox.Account.Count(0));

        sandbox.Sandbox.Reset(sandbox.AppId);

        Assert.Equal(200, sandbox.Account.Count(0));
        Assert.Empty(sandbox.Account.Requests);
        Assert.Equal("John", (await sandbox.GetAsync("Contact?id=1")).GetProperty("firstname").GetString());
    }

    [Fact]
    public async Task The_request_log_records_every_answered_request()
    {
        using var sandbox = SandboxHarness.Create(rateLimitPerMinute: 3);
        using var otherKey = SandboxHarness.CreateClient(sandbox.Sandbox, sandbox.AppId, "second-key");

        await sandbox.GetAsync("Contacts?range=1&start=5");
        sandbox.Clock.Advance(TimeSpan.FromSeconds(2));
        await sandbox.DataAsync(HttpMethod.Put, "objects/tagByName", SandboxHarness.Json("""{"objectID":0,"add_names":["vip"],"ids":[3]}"""));
        using (await otherKey.GetAsync("nowhere"))
        {
        }

        using (await sandbox.SendAsync(HttpMethod.Get, "Tags"))
        {
        }

        var log = sandbox.Account.Requests;
        Assert.Equal(4, log.Count);
        Assert.Equal(new SandboxRecordedRequest("GET", "Contacts", "range=1&start=5", null, string.Empty, "test-key", SandboxHarness.Start, 200), log[0]);
        Assert.Equal("PUT", log[1].Method);
        Assert.Equal("objects/tagByName", log[1].Path);
        Assert.StartsWith("application/json", log[1].ContentType, StringComparison.Ordinal);
        Assert.Contains("\"add_names\"", log[1].BodyText, StringComparison.Ordinal);
        Assert.Equal(SandboxHarness.Start.AddSeconds(2), log[1].Time);
        Assert.Equal(("second-key", 404), (log[2].ApiKey, log[2].StatusCode));
        Assert.Equal(429, log[3].StatusCode);
    }

    [Fact]
    public async Task Unauthenticated_requests_are_not_logged_on_any_account()
    {
        using var sandbox = SandboxHarness.Create();
        using var anonymous = new HttpClient(new SandboxHttpMessageHandler(sandbox.Sandbox)) { BaseAddress = new Uri("http://sandbox.invalid/1/") };
        anonymous.DefaultRequestHeaders.Add("Api-Appid", sandbox.AppId);

        using var response = await anonymous.GetAsync("Contacts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(sandbox.Account.Requests);
    }

    [Fact]
    public async Task Concurrent_writes_on_one_account_get_distinct_ids()
    {
        using var sandbox = SandboxHarness.Create();

        var creates = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var content = new StringContent($$"""{"objectID":12,"contact_id":1,"data":"note {{i}}"}""", Encoding.UTF8, "application/json");
            var data = await sandbox.DataAsync(HttpMethod.Post, "objects", content);
            return data.GetProperty("id").GetString();
        }));
        var ids = await Task.WhenAll(creates);

        Assert.Equal(40, ids.Distinct().Count());
        Assert.Equal(190, sandbox.Account.Count(12));
        Assert.Equal(40, sandbox.Account.Requests.Count);
    }

    [Fact]
    public async Task Never_a_500_for_bad_input()
    {
        using var sandbox = SandboxHarness.Create();
        (HttpMethod Method, string Path, HttpContent? Body)[] requests =
        [
            (HttpMethod.Post, "objects", SandboxHarness.Json("{not json")),
            (HttpMethod.Post, "objects", SandboxHarness.Json("[1,2]")),
            (HttpMethod.Put, "objects", SandboxHarness.Json("""{"objectID":0,"id":"abc"}""")),
            (HttpMethod.Get, "objects?objectID=0&ids=a,b", null),
            (HttpMethod.Get, "objects?objectID=99999999999999999999", null),
            (HttpMethod.Put, "objects/tag", SandboxHarness.Form(("objectID", "0"), ("add_list", "x"), ("ids", "1"))),
            (HttpMethod.Get, "objects?objectID=0&condition=%5B%7B%22field%22%3A5%7D%5D", null),
            (HttpMethod.Post, "objects", new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new("application/octet-stream") } }),
            (HttpMethod.Get, "object/getByEmail?objectID=46&email=a%40b.co", null),
            (HttpMethod.Delete, "objects?objectID=0&group_id=x", null),
            (HttpMethod.Get, "objects/fieldeditor", null),
            (HttpMethod.Post, "objects/saveorupdate", SandboxHarness.Form(("objectID", "0"), ("email", "x@@y"))),
        ];

        foreach (var (method, path, body) in requests)
        {
            using var response = await sandbox.SendAsync(method, path, body);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path} → {(int)response.StatusCode}");
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.DoesNotContain(sandbox.Account.Requests, r => r.StatusCode >= 500);
    }
}
