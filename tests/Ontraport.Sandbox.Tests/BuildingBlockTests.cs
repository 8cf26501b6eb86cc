using System.Diagnostics;
using Ontraport.Sandbox.Criteria;
using Ontraport.Sandbox.RateLimit;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Tests;

/// <summary>The small internal pieces on their own: LIKE matching, id lists, the rolling window.</summary>
public class BuildingBlockTests
{
    [Theory]
    [InlineData("john.smith@example.com", "%@example.com", true)]
    [InlineData("john.smith@example.com", "%@EXAMPLE.COM", true)]
    [InlineData("john.smith@example.com", "%@example.org", false)]
    [InlineData("Jane", "J_ne", true)]
    [InlineData("Jne", "J_ne", false)]
    [InlineData("*/*1*/*5*/*", "%*/*5*/*%", true)]
    [InlineData("*/*15*/*", "%*/*5*/*%", false)]
    [InlineData("100%", "100\\%", true)]
    [InlineData("1000", "100\\%", false)]
    [InlineData("a_b", "a\\_b", true)]
    [InlineData("axb", "a\\_b", false)]
    [InlineData("", "%", true)]
    [InlineData("abc", "abc", true)]
    [InlineData("abcd", "abc", false)]
    public void Like_follows_sql_wildcards(string value, string pattern, bool expected) =>
        Assert.Equal(expected, LikePattern.Matches(value, pattern));

    [Fact]
    public void Like_stays_fast_on_hostile_patterns()
    {
        var value = new string('a', 5000);
        var watch = Stopwatch.StartNew();

        var matched = LikePattern.Matches(value, string.Concat(Enumerable.Repeat("%a", 40)) + "%b");

        Assert.False(matched);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Id_lists_round_trip_the_star_slash_star_format()
    {
        Assert.Equal([3L, 7L], IdList.Parse("*/*3*/*7*/*"));
        Assert.Equal([3L, 7L], IdList.Parse("3,7"));
        Assert.Empty(IdList.Parse(""));
        Assert.Empty(IdList.Parse(null));
        Assert.Equal("*/*3*/*7*/*", IdList.Format([3, 7]));
        Assert.Equal(string.Empty, IdList.Format([]));
    }

    [Fact]
    public void Rolling_window_counts_only_admitted_requests()
    {
        var limiter = new RollingWindowRateLimiter(2, TimeSpan.FromSeconds(60));
        var t0 = DateTimeOffset.UnixEpoch;

        Assert.Equal(new RateLimitDecision(true, 2, 1, 60), limiter.TryAcquire(t0));
        Assert.Equal(new RateLimitDecision(true, 2, 0, 50), limiter.TryAcquire(t0.AddSeconds(10)));
        Assert.Equal(new RateLimitDecision(false, 2, 0, 30), limiter.TryAcquire(t0.AddSeconds(30)));
        Assert.Equal(new RateLimitDecision(false, 2, 0, 1), limiter.TryAcquire(t0.AddSeconds(59.5)));
        Assert.Equal(new RateLimitDecision(true, 2, 0, 10), limiter.TryAcquire(t0.AddSeconds(60)));
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OntraportSandbox(new SandboxOptions { RateLimitPerMinute = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OntraportSandbox(new SandboxOptions { MaxRange = 0 }));
        Assert.Throws<ArgumentNullException>(() => new OntraportSandbox(null!));
    }
}
