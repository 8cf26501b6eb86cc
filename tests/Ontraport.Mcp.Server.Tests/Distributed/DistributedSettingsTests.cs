using Microsoft.Extensions.Configuration;
using Ontraport.Client.RateLimiting;
using Ontraport.Mcp.Server.Hosting;

namespace Ontraport.Mcp.Server.Tests.Distributed;

/// <summary>The settings of several instances: read, checked, and the bucket sizes they lead to.</summary>
public sealed class DistributedSettingsTests
{
    private static ServerSettings Load(params (string Key, string Value)[] values) => ServerSettings.Load(new ConfigurationBuilder()
        .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [Fact]
    public void Redis_and_the_instance_count_are_read_and_default_to_off_and_four()
    {
        var none = Load();
        Assert.Null(none.Redis);
        Assert.Equal(4, none.AssumedInstances);

        var set = Load(("ONTRAPORT_MCP_REDIS", " redis.internal:6379,password=s3cret "), ("ONTRAPORT_MCP_INSTANCE_COUNT", "3"));
        Assert.Equal("redis.internal:6379,password=s3cret", set.Redis);
        Assert.Equal(3, set.AssumedInstances);
    }

    [Fact]
    public void A_bad_Redis_string_stops_the_start_without_repeating_it_and_a_bad_count_says_the_range()
    {
        var bad = Assert.Throws<InvalidOperationException>(() => Load(("ONTRAPORT_MCP_REDIS", "localhost,password=s3cret,nosuchoption=1")));
        Assert.Contains("ONTRAPORT_MCP_REDIS is not a StackExchange.Redis configuration string", bad.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", bad.Message, StringComparison.Ordinal);

        var count = Assert.Throws<InvalidOperationException>(() => Load(("ONTRAPORT_MCP_INSTANCE_COUNT", "0")));
        Assert.Contains("ONTRAPORT_MCP_INSTANCE_COUNT '0' must be a whole number from 1 to 1000", count.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(180, 4, 173, 177)]
    [InlineData(30, 1, 28, 29)]
    [InlineData(2, 1, 1, 2)]
    public void The_shared_bucket_admits_at_most_the_limit_in_any_window_and_the_local_shares_add_up_to_it(int limit, double capacity, double refill, double windowMax)
    {
        var shared = BucketShape.ForLimit(limit);
        Assert.Equal(capacity, shared.Capacity);
        Assert.Equal(refill, shared.TokensPerMinute);
        Assert.Equal(windowMax, shared.Capacity + shared.TokensPerMinute);
        Assert.True(windowMax <= limit);

        var local = shared.LocalShare(3);
        Assert.Equal(windowMax, 3 * (local.Capacity + local.TokensPerMinute), precision: 9);
    }
}
