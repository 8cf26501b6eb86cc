using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Client;
using Ontraport.Client.Http;
using Ontraport.Client.Inferred;
using Ontraport.Client.Metadata;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, "the App ID alone reads a tenant's cached metadata": in passthrough mode a caller who knows a tenant's App ID
/// but holds a wrong key must get Ontraport's refusal, never the tenant's cached fields, types or time zone (DESIGN §10).
/// </summary>
public class TenantCacheTests
{
    private const string AppId = "2_AppID_Tenant";
    private const string RightKey = "tenant-right-key-1111";
    private const string WrongKey = "tenant-wrong-key-2222";

    /// <summary>A passthrough host whose sandbox refuses <see cref="WrongKey"/>, and a log of every request that reached it.</summary>
    private static (ServerHost Host, UpstreamLog Upstream) Passthrough()
    {
        var upstream = new UpstreamLog();
        var host = new ServerHost(("ONTRAPORT_MCP_MODE", "passthrough"), ("ONTRAPORT_BASE_URL", "embedded"))
        {
            AddServices = services => services.AddHttpClient(OntraportTransport.HttpClientName).AddHttpMessageHandler(() => new UpstreamLogHandler(upstream)),
        };
        host.Sandbox.RevokeApiKey(WrongKey);
        return (host, upstream);
    }

    private static Dictionary<string, string> Headers(string key) => new() { ["Api-Appid"] = AppId, ["Api-Key"] = key };

    [Fact]
    public async Task A_wrong_key_with_a_known_App_ID_gets_Ontraport_s_refusal_for_every_cached_answer()
    {
        var (host, upstream) = Passthrough();
        await using var _ = host;
        await using (var tenant = await host.ConnectAsync(headers: Headers(RightKey)))
        {
            // The tenant warms every cache these tools read.
            (await tenant.CallAsync("get_object_meta", new { object_type = "contacts" })).Ok();
            (await tenant.CallAsync("list_allowed_object_types")).Ok();
            (await tenant.CallAsync("build_api_condition", new { condition = "state = \"CA\" AND date_added > \"30 days ago\"" })).Ok();
        }

        await using var intruder = await host.ConnectAsync(headers: Headers(WrongKey));
        var calls = new (string Tool, object Arguments)[]
        {
            ("get_object_meta", new { object_type = "contacts" }),
            ("list_allowed_object_types", new { }),
            ("build_api_condition", new { condition = "state = \"CA\"" }),
        };
        foreach (var (tool, arguments) in calls)
        {
            var before = upstream.WithKey(WrongKey);
            var error = (await intruder.CallAsync(tool, arguments)).Error();
            Assert.Matches("(?i)(refused|did not accept) the app id / API key", error);
            Assert.DoesNotContain("first_name", error, StringComparison.OrdinalIgnoreCase);
            Assert.True(upstream.WithKey(WrongKey) > before, $"{tool}: the answer came from the cache, not from Ontraport");
        }

        Assert.DoesNotContain(host.Sandbox.Account(AppId).Requests, r => r.ApiKey == WrongKey); // refused: never reached the account's data
    }

    [Fact]
    public async Task A_wrong_key_does_not_get_the_tenant_s_cached_time_zone()
    {
        var (host, upstream) = Passthrough();
        await using var _ = host;
        var clients = host.Services.GetRequiredService<OntraportClientFactory>();
        var zones = host.Services.GetRequiredService<AccountTimeZones>();

        var (zone, _) = await zones.ForAsync(clients.Create(new OntraportCredentials(AppId, RightKey)), CancellationToken.None);
        Assert.Equal("America/Los_Angeles", zone.Id);

        var refused = await Assert.ThrowsAsync<OntraportException>(() => zones.ForAsync(clients.Create(new OntraportCredentials(AppId, WrongKey)), CancellationToken.None));
        Assert.Equal(OntraportErrorKind.Unauthorized, refused.Kind);
        Assert.Equal(1, upstream.WithKey(WrongKey));
    }

    [Fact]
    public async Task Many_wrong_keys_leave_no_cache_entry_behind()
    {
        var (host, upstream) = Passthrough();
        await using var _ = host;
        await using (var tenant = await host.ConnectAsync(headers: Headers(RightKey)))
        {
            (await tenant.CallAsync("get_objects", new { object_type = "contacts", limit = 3 })).Ok(); // metadata, columns and names
        }

        var cache = host.Services.GetRequiredService<MetadataCache>();
        var warm = cache.Count;
        Assert.True(warm > 0);

        for (var i = 0; i < 10; i++)
        {
            var key = $"guessed-key-{i:D4}";
            host.Sandbox.RevokeApiKey(key);
            await using var intruder = await host.ConnectAsync(headers: Headers(key));
            (await intruder.CallAsync("get_objects", new { object_type = "contacts", limit = 3 })).Error();
            (await intruder.CallAsync("get_object_meta", new { object_type = "contacts" })).Error();
        }

        Assert.Equal(warm, cache.Count);
        Assert.True(upstream.Count(r => r.ApiKey.StartsWith("guessed-key-", StringComparison.Ordinal)) > 0); // refused by Ontraport, not by the cache
    }

    /// <summary>What reached the sandbox: path and key of every upstream request (the test's own record; the server logs no key).</summary>
    private sealed class UpstreamLog
    {
        private readonly ConcurrentQueue<(string Path, string ApiKey)> _requests = new();

        public void Add(string path, string apiKey) => _requests.Enqueue((path, apiKey));

        public int WithKey(string apiKey) => _requests.Count(r => r.ApiKey == apiKey);

        public int Count(Func<(string Path, string ApiKey), bool> match) => _requests.Count(match);
    }

    private sealed class UpstreamLogHandler(UpstreamLog log) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            log.Add(request.RequestUri!.AbsolutePath, request.Headers.TryGetValues("Api-Key", out var keys) ? string.Join(",", keys) : "");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
