using Ontraport.Mcp.Server.Hosting.Distributed;
using Ontraport.Testing;
using Xunit.Abstractions;

namespace Ontraport.Mcp.Server.Tests.Distributed;

/// <summary>
/// Three (or two) real server instances on one Redis and one upstream with a limit of 30/min (DESIGN §8): the combined
/// rate, the duplicate-charge guard across instances, and what an outage of Redis does. Tool calls go through the SDK's
/// real MCP client; the upstream sandbox is the witness of what was sent and charged.
/// </summary>
public sealed class SeveralInstancesRedisTests(ITestOutputHelper output)
{
    private static readonly object Charge = new { contact = "Jane Doe", products = new[] { new { product_id = 9 } }, total = 97 };

    [RedisFact]
    public async Task Three_instances_together_stay_under_the_account_limit_in_every_60_s_window_and_use_most_of_it()
    {
        await using var group = await InstanceGroup.StartAsync(instances: 3);
        var start = group.Time.GetUtcNow();
        group.StartReaders(perInstance: 1);
        await group.RunAsync(TimeSpan.FromMinutes(3));
        await group.StopReadersAsync();

        var sent = group.UpstreamTimes();
        var max = InstanceGroup.MaxInAnyWindow(sent);
        var sustained = sent.Count(t => t >= start + TimeSpan.FromMinutes(1) && t < start + TimeSpan.FromMinutes(3)) / 2.0;
        var perInstance = string.Join(", ", Enumerable.Range(0, 3).Select(i => group.Answers.Count(a => a.Instance == i && a.Ok)));
        output.WriteLine($"limit {InstanceGroup.Limit}/min, 3 instances x 1 reader, 3 min: {sent.Count} upstream requests, max {max} in any 60 s window, " +
            $"{sustained:0.#}/min sustained, {group.UpstreamRefusals} answered 429; successful reads per instance: {perInstance}");
        Assert.True(max <= InstanceGroup.Limit, $"{max} upstream requests in one 60 s window, limit {InstanceGroup.Limit}");
        Assert.Equal(0, group.UpstreamRefusals);
        Assert.True(sustained >= 0.85 * InstanceGroup.Limit, $"only {sustained}/min of {InstanceGroup.Limit}/min used under saturation");
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(group.Answers.Count(a => a.Instance == i && a.Ok) >= 10, $"instance {i} starved: {perInstance}"));
    }

    [RedisFact]
    public async Task An_identical_charge_on_another_instance_is_refused_and_only_one_of_two_at_once_goes_out()
    {
        await using var group = await InstanceGroup.StartAsync(instances: 2);

        (await group.CallAsync(0, "process_transaction", Charge)).Ok();
        var refused = (await group.CallAsync(1, "process_transaction", Charge)).Error();
        Assert.Contains("identical process_transaction call reached Ontraport", refused, StringComparison.Ordinal);
        Assert.Equal(1, group.Account.CapturedChargesOnCard("4444"));

        // Two identical charges at the same moment on the two instances: the claim is taken before sending, so one goes out.
        var other = new { contact = "Jane Doe", products = new[] { new { product_id = 9 } }, total = 97, allow_duplicate = false, gateway_id = 1 };
        var both = await Task.WhenAll(group.CallAsync(0, "process_transaction", other), group.CallAsync(1, "process_transaction", other));
        Assert.Single(both, a => !a.IsError);
        Assert.Contains("identical process_transaction call", Assert.Single(both, a => a.IsError).Text, StringComparison.Ordinal);
        Assert.Equal(2, group.Account.CapturedChargesOnCard("4444"));

        // A call refused before anything was sent leaves no claim behind: the same call again gets the same answer, not "duplicate".
        var unknown = new { contact = "Nobody Atall", products = new[] { new { product_id = 9 } }, total = 97 };
        var first = (await group.CallAsync(0, "process_transaction", unknown)).Error();
        var second = (await group.CallAsync(1, "process_transaction", unknown)).Error();
        Assert.DoesNotContain("identical", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
    }

    [RedisFact]
    public async Task A_charge_abandoned_during_its_wait_on_one_instance_is_charged_exactly_once_when_asked_again_on_the_other()
    {
        await using var group = await InstanceGroup.StartAsync(instances: 2);

        // A fresh shared bucket starts empty, so the charge on instance 0 waits for its first slot; its caller hangs up.
        using var hangUp = new CancellationTokenSource();
        var abandoned = group.Clients[0].CallToolAsync("process_transaction",
            System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(System.Text.Json.JsonSerializer.Serialize(Charge))!, cancellationToken: hangUp.Token).AsTask();
        await InstanceGroup.WaitAsync(() => group.Partitions(0).QueuedCount > 0, "the charge to wait for the shared rate limit");
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => abandoned); // cancelled, or its stream ended without a reply
        await InstanceGroup.WaitAsync(() => group.Hosts[0].Logs.Lines.Any(l => l.Contains("the caller left", StringComparison.Ordinal)) && group.Partitions(0).QueuedCount == 0,
            "instance 0 to see its caller leave");
        Assert.Equal(0, group.Account.CapturedChargesOnCard("4444"));

        // Its claim in Redis was released: asked again on instance 1, the charge goes out once; on instance 0 it is a duplicate.
        (await group.CallAsync(1, "process_transaction", Charge)).Ok();
        Assert.Contains("identical process_transaction call reached Ontraport", (await group.CallAsync(0, "process_transaction", Charge)).Error(), StringComparison.Ordinal);
        Assert.Equal(1, group.Account.CapturedChargesOnCard("4444"));
        Assert.All(group.Hosts, host => Assert.Empty(host.Logs.Warnings));
    }

    [RedisFact]
    public async Task A_read_costs_the_shared_bucket_one_Redis_command_per_upstream_request()
    {
        await using var group = await InstanceGroup.StartAsync(instances: 2);
        (await group.CallAsync(0, "get_objects", new { object_type = "contacts", limit = 1 })).Ok(); // the metadata read, on each
        (await group.CallAsync(1, "get_objects", new { object_type = "contacts", limit = 1 })).Ok();
        using var redis = await group.Redis.ConnectAsync();
        var before = await CommandCallsAsync(redis);
        var upstreamBefore = group.Account.Requests.Count;

        for (var i = 0; i < 6; i++)
        {
            (await group.CallAsync(i % 2, "get_objects", new { object_type = "contacts", limit = 1 })).Ok();
        }

        var after = await CommandCallsAsync(redis);
        var upstream = group.Account.Requests.Count - upstreamBefore;
        var used = after.Where(c => !IsBookkeeping(c.Key)).ToDictionary(c => c.Key, c => c.Value - before.GetValueOrDefault(c.Key));
        output.WriteLine($"{upstream} upstream requests; Redis commands: {string.Join(", ", used.Where(u => u.Value > 0).Select(u => $"{u.Key} {u.Value}"))}");
        Assert.Equal(6, upstream);
        // One script per request (its reservation); Ontraport's count of what is left goes to Redis only when it is low.
        Assert.Equal(upstream, used.Where(u => u.Key is "evalsha" or "eval").Sum(u => u.Value));
        // Nothing else is sent: the only other commands counted are the ones the script runs inside Redis.
        Assert.All(used.Where(u => u.Value > 0 && u.Key is not ("evalsha" or "eval")), u => Assert.Contains(u.Key, new[] { "hmget", "hset", "pexpire" }));
    }

    private static bool IsBookkeeping(string command) => command.Split('|')[0] is "info" or "ping" or "echo" or "client" or "cluster" or "config" or "subscribe" or "unsubscribe" or "hello" or "select";

    /// <summary>INFO commandstats: calls per command since the server started.</summary>
    private static async Task<Dictionary<string, long>> CommandCallsAsync(StackExchange.Redis.IConnectionMultiplexer redis)
    {
        var text = (string)(await redis.GetDatabase().ExecuteAsync("INFO", "commandstats"))!;
        return text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("cmdstat_", StringComparison.Ordinal))
            .ToDictionary(
                l => l["cmdstat_".Length..l.IndexOf(':', StringComparison.Ordinal)],
                l => long.Parse(l.Split("calls=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [RedisFact]
    public async Task Health_says_degraded_while_Redis_is_down_and_ok_once_it_is_back()
    {
        await using var group = await InstanceGroup.StartAsync(instances: 2);
        Assert.Equal("ok", (await group.HealthAsync(0))["status"]!.GetValue<string>());

        group.Redis.Stop();
        await group.WaitForRedisAsync(connected: false);
        var health = await group.HealthAsync(0);
        output.WriteLine(health.ToJsonString());
        Assert.Equal("degraded", health["status"]!.GetValue<string>());
        Assert.Equal("unreachable", health["redis"]!.GetValue<string>());
        Assert.Contains("money-moving calls are refused", health["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        await group.Redis.StartAsync();
        await group.WaitForRedisAsync(connected: true);
        Assert.Equal("ok", (await group.HealthAsync(0))["status"]!.GetValue<string>());
    }

    [RedisFact]
    public async Task Through_a_Redis_outage_reads_go_on_money_is_refused_nothing_is_charged_twice_and_no_window_exceeds_the_limit()
    {
        await using var group = await InstanceGroup.StartAsync(instances: 3);
        var start = group.Time.GetUtcNow();
        (await group.CallAsync(0, "process_transaction", Charge)).Ok();
        group.StartReaders(perInstance: 1);
        await group.RunAsync(TimeSpan.FromMinutes(2));

        group.Redis.Stop();
        var down = group.Time.GetUtcNow();
        await group.WaitForRedisAsync(connected: false);
        var refused = (await group.CallAsync(1, "process_transaction", new { contact = "John Smith", products = new[] { new { product_id = 9 } }, total = 97 })).Error();
        Assert.Equal(RedisDuplicateGuard.UnavailableMessage, refused);
        Assert.Contains("refused", (await group.CallAsync(2, "process_transaction", Charge)).Error(), StringComparison.Ordinal);
        await group.RunAsync(TimeSpan.FromMinutes(3));
        Assert.Equal("degraded", (await group.HealthAsync(2))["status"]!.GetValue<string>());

        await group.Redis.StartAsync(); // empty: the shared bucket and the claims are gone with the old process
        var up = group.Time.GetUtcNow();
        await group.WaitForRedisAsync(connected: true);
        await group.RunAsync(TimeSpan.FromMinutes(3));
        (await group.CallAsync(2, "process_transaction", new { contact = "John Smith", products = new[] { new { product_id = 9 } }, total = 97 })).Ok();
        Assert.Contains("identical process_transaction call", (await group.CallAsync(0, "process_transaction", new { contact = "John Smith", products = new[] { new { product_id = 9 } }, total = 97 })).Error(),
            StringComparison.Ordinal);
        var end = group.Time.GetUtcNow();
        await group.StopReadersAsync();

        var sent = group.UpstreamTimes();
        var max = InstanceGroup.MaxInAnyWindow(sent);
        var readsDuringOutage = group.Answers.Count(a => a.Ok && a.At >= down && a.At < up);
        var readsAfter = group.Answers.Count(a => a.Ok && a.At >= up + TimeSpan.FromMinutes(2) && a.At < up + TimeSpan.FromMinutes(3));
        output.WriteLine($"limit {InstanceGroup.Limit}/min, 3 instances x 1 reader over {(end - start).TotalMinutes:0.#} min with a 3 min Redis outage: " +
            $"{sent.Count} upstream requests, max {max} in any 60 s window, {group.UpstreamRefusals} answered 429; " +
            $"{readsDuringOutage} reads during the outage, {readsAfter} in the third minute after Redis came back; ledger entries {group.Account.Ledger.Count}");
        Assert.True(max <= InstanceGroup.Limit, $"{max} upstream requests in one 60 s window, limit {InstanceGroup.Limit}");
        Assert.Equal(0, group.UpstreamRefusals);
        Assert.True(readsDuringOutage >= 30, $"only {readsDuringOutage} reads in a 3 min outage");
        Assert.True(readsAfter >= 0.8 * (InstanceGroup.Limit - 2), $"only {readsAfter} reads in a minute of the rejoined shared bucket");
        // The outage is logged, not every refused or local call during it: at most once a minute per instance.
        var outageLines = group.Hosts.Select(h => h.Logs.Lines.Count(l => l.Contains("local share", StringComparison.Ordinal) && l.StartsWith("Redis is unreachable", StringComparison.Ordinal))).ToList();
        output.WriteLine($"outage warnings per instance: {string.Join(", ", outageLines)}");
        Assert.All(outageLines, count => Assert.InRange(count, 1, 4));
        Assert.Equal(1, group.Account.Ledger.Count(e => e.Approved && e.Amount == 97m && e.ContactId == 2));
        Assert.Equal(1, group.Account.Ledger.Count(e => e.Approved && e.Amount == 97m && e.ContactId != 2));
    }
}
