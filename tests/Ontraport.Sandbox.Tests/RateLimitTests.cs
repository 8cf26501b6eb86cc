using System.Net;

namespace Ontraport.Sandbox.Tests;

/// <summary>The rolling 60-second limit per account and its headers (ontraport-api.md §1.6), on a manual clock.</summary>
public class RateLimitTests
{
    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    [Fact]
    public async Task Exactly_the_limit_passes_then_429_with_headers()
    {
        using var sandbox = SandboxHarness.Create(rateLimitPerMinute: 5);

        for (var i = 1; i <= 5; i++)
        {
            using var ok = await sandbox.SendAsync(HttpMethod.Get, "Contact?id=1");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("5", Header(ok, "X-Rate-Limit-Limit"));
            Assert.Equal((5 - i).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(ok, "X-Rate-Limit-Remaining"));
            sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        using var refused = await sandbox.SendAsync(HttpMethod.Get, "Contact?id=1");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("text/plain", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Too Many Requests - You have exceeded your maximum rate limit of 5 requests per minute.", await refused.Content.ReadAsStringAsync());
        Assert.Equal("0", Header(refused, "X-Rate-Limit-Remaining"));
        Assert.Equal("55", Header(refused, "X-Rate-Limit-Reset"));
    }

    [Fact]
    public async Task The_window_rolls_one_request_at_a_time()
    {
        using var sandbox = SandboxHarness.Create(rateLimitPerMinute: 3);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await sandbox.SendAsync(HttpMethod.Get, "Tags");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            sandbox.Clock.Advance(TimeSpan.FromSeconds(10));
        }

        sandbox.Clock.Advance(TimeSpan.FromSeconds(29));
        using (var stillFull = await sandbox.SendAsync(HttpMethod.Get, "Tags"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillFull.StatusCode);
            Assert.Equal("1", Header(stillFull, "X-Rate-Limit-Reset"));
        }

        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        using (var first = await sandbox.SendAsync(HttpMethod.Get, "Tags"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("0", Header(first, "X-Rate-Limit-Remaining"));
        }

        using var again = await sandbox.SendAsync(HttpMethod.Get, "Tags");
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        sandbox.Clock.Advance(TimeSpan.FromSeconds(60));
        using var fresh = await sandbox.SendAsync(HttpMethod.Get, "Tags");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal("2", Header(fresh, "X-Rate-Limit-Remaining"));
    }

    [Fact]
    public async Task The_default_limit_is_180_per_account()
    {
        var clock = new Ontraport.Testing.FakeClock(SandboxHarness.Start);
        var sandbox = new OntraportSandbox(new SandboxOptions { TimeProvider = clock });
        using var first = SandboxHarness.CreateClient(sandbox, "2_first", "k");
        using var second = SandboxHarness.CreateClient(sandbox, "2_second", "k");

        for (var i = 0; i < 180; i++)
        {
            using var ok = await first.GetAsync("objects/meta?objectID=14");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await first.GetAsync("objects/meta?objectID=14");
        using var otherAccount = await second.GetAsync("objects/meta?objectID=14");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("180 requests per minute", await refused.Content.ReadAsStringAsync());
        Assert.Equal("60", Header(refused, "X-Rate-Limit-Reset"));
        Assert.Equal(HttpStatusCode.OK, otherAccount.StatusCode);
        Assert.Equal("179", Header(otherAccount, "X-Rate-Limit-Remaining"));
    }

    [Fact]
    public async Task Errors_count_and_carry_the_headers_too()
    {
        using var sandbox = SandboxHarness.Create(rateLimitPerMinute: 2);

        using var notFound = await sandbox.SendAsync(HttpMethod.Get, "nowhere");
        using var ok = await sandbox.SendAsync(HttpMethod.Get, "Tags");
        using var limited = await sandbox.SendAsync(HttpMethod.Get, "Tags");

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("1", Header(notFound, "X-Rate-Limit-Remaining"));
        Assert.Equal("0", Header(ok, "X-Rate-Limit-Remaining"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }
}
