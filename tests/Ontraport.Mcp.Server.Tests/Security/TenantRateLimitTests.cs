using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using Ontraport.Client.RateLimiting;
using Ontraport.Sandbox;
using Ontraport.Mcp.Server.Tests.Distributed;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, "wrong keys spend the tenant's rate limit" (DESIGN §10): in passthrough, anyone can send a tenant's App ID
/// with a key of their own. Such credentials, not yet accepted by Ontraport, spend a small bucket of their own and never
/// the account's, so the tenant's own calls go on at the account's pace while the flood is refused upstream.
/// </summary>
public sealed class TenantRateLimitTests
{
    private const string AppId = "2_Tenant";
    private const string TenantKey = "tenant-right-key-1234";
    private const int Limit = 30;

    private static ServerHost Host(FakeClock time, IReadOnlySet<string> wrongKeys) => new(time,
        ("ONTRAPORT_MCP_MODE", "passthrough"), ("ONTRAPORT_BASE_URL", "embedded"),
        ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)))
    {
        // The upstream refuses the wrong keys with 401, as Ontraport does; it counts nothing for them.
        AddServices = services => services.AddSingleton(new OntraportSandbox(new SandboxOptions { RateLimitPerMinute = Limit, TimeProvider = time, RejectedApiKeys = wrongKeys })),
    };

    private static Task<McpClient> ConnectAsync(ServerHost host, string key) =>
        host.ConnectAsync(headers: new Dictionary<string, string> { ["Api-Appid"] = AppId, ["Api-Key"] = key });

    /// <summary>Callers parked on this host's rate limiter, every account and bucket together.</summary>
    private static long Queued(ServerHost host) => host.Services.GetRequiredService<RateLimitPartitions>().QueuedCount;

    [Fact]
    public async Task Twenty_callers_with_the_tenants_App_ID_and_wrong_keys_do_not_hold_up_the_tenants_read()
    {
        var time = new FakeClock();
        var wrongKeys = Enumerable.Range(0, 20).Select(i => $"wrong-key-{i:00}-abcdef").ToHashSet(StringComparer.Ordinal);
        await using var host = Host(time, wrongKeys);
        await using var tenant = await ConnectAsync(host, TenantKey);

        // The tenant works as usual: its key is accepted (metadata read, then the record).
        var warmUp = tenant.CallAsync("get_objects", new { object_type = "contacts", id = 1 });
        while (!warmUp.IsCompleted)
        {
            await InstanceGroup.WaitAsync(() => warmUp.IsCompleted || Queued(host) > 0, "the warm-up to finish or wait for the limiter");
            if (!warmUp.IsCompleted)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        (await warmUp).Ok();
        time.Advance(TimeSpan.FromSeconds(3)); // one token of the account's bucket (30/min) has come back

        // Twenty callers with the tenant's App ID and wrong keys, two calls each, all at once.
        var flooders = new List<McpClient>();
        try
        {
            foreach (var key in wrongKeys)
            {
                flooders.Add(await ConnectAsync(host, key));
            }

            var flood = flooders.SelectMany(c => new[] { c.CallAsync("get_objects", new { object_type = "contacts", id = 1 }), c.CallAsync("count_objects", new { object_type = "contacts" }) }).ToList();
            await InstanceGroup.WaitAsync(() => flood.Count(f => f.IsCompleted) + Queued(host) == flood.Count, "every wrong-key call to be answered or to wait for the limiter");

            // The tenant's read (one upstream request: what it decorates the record with was read by the warm-up) goes at
            // once: the clock does not move until it has its answer.
            var read = tenant.CallAsync("get_objects", new { object_type = "contacts", id = 1 });
            await read.WaitAsync(TimeSpan.FromSeconds(20));
            var answer = (await read).Ok();
            Assert.Equal(1, answer["id"]!.GetValue<long>());

            // The wrong keys were refused by Ontraport, each call told so.
            foreach (var call in flood.Where(f => f.IsCompleted))
            {
                Assert.Contains("did not accept", (await call).Error(), StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var flooder in flooders)
            {
                await flooder.DisposeAsync(); // a caller still waiting hangs up, so the host can stop
            }
        }
    }
}
