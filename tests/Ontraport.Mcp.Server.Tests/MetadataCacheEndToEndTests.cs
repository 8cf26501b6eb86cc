using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Mcp.Server.Tools;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The account metadata cache seen from outside: get_object_meta within the TTL sends nothing, after it one request,
/// and concurrent first calls share one upstream request (single-flight).
/// </summary>
public class MetadataCacheEndToEndTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 18, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_second_get_object_meta_within_the_TTL_makes_no_request_and_one_after_it_makes_one()
    {
        var clock = new FakeClock(Start);
        await using var host = new ServerHost(clock, ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "4000"));
        await using var client = await host.ConnectAsync();
        int MetaReads() => host.DemoAccount.Requests.Count(r => r.Path == "objects/meta");

        (await client.CallAsync("get_object_meta", new { object_type = "contacts" })).Ok();
        Assert.Equal(1, MetaReads());

        clock.Advance(TimeSpan.FromMinutes(9));
        (await client.CallAsync("get_object_meta", new { object_type = "deals" })).Ok();
        (await client.CallAsync("get_object_meta", new { object_type = "contacts" })).Ok();
        Assert.Equal(1, MetaReads());
        Assert.Single(host.DemoAccount.Requests);

        clock.Advance(TimeSpan.FromMinutes(2)); // 11 minutes after the first read: past the 10-minute TTL
        (await client.CallAsync("get_object_meta", new { object_type = "contacts" })).Ok();
        Assert.Equal(2, MetaReads());
    }

    [Fact]
    public async Task List_view_columns_and_record_names_are_cached_like_the_metadata()
    {
        var clock = new FakeClock(Start);
        await using var host = new ServerHost(clock, ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "4000"));
        await using var client = await host.ConnectAsync();
        int Reads(string path, string type) => host.DemoAccount.Requests.Count(r =>
            r.Path == path && (r.QueryString == $"objectID={type}" || r.QueryString.StartsWith($"objectID={type}&", StringComparison.Ordinal)));

        (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 5 })).Ok();
        (await client.CallAsync("get_objects", new { object_type = "contacts", id = 1 })).Ok();
        Assert.Equal((1, 1), (Reads("objects/getInfo", "0"), Reads("objects", "14")));

        clock.Advance(TimeSpan.FromMinutes(9));
        (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 5, start = 5 })).Ok();
        (await client.CallAsync("get_objects", new { object_type = "contacts", id = 1 })).Ok();
        Assert.Equal((1, 1), (Reads("objects/getInfo", "0"), Reads("objects", "14")));

        clock.Advance(TimeSpan.FromMinutes(2)); // past the 10-minute TTL: read again, once
        (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 5 })).Ok();
        (await client.CallAsync("get_objects", new { object_type = "contacts", id = 1 })).Ok();
        Assert.Equal((2, 2), (Reads("objects/getInfo", "0"), Reads("objects", "14")));
    }

    [Fact]
    public async Task Concurrent_first_calls_share_one_metadata_request()
    {
        const int Calls = 6;
        var gate = new MetadataGate();
        var entered = new ToolCallCounter(Calls);
        await using var host = new ServerHost();
        await using var gated = host.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
        {
            // Hold every metadata read until all calls have reached the server, so they overlap the first read.
            services.AddHttpClient("Ontraport").AddHttpMessageHandler(() => new MetadataGateHandler(gate));
            // A tool's session is created right before the tool runs; the tool then goes straight to the metadata cache.
            services.AddScoped(sp =>
            {
                entered.Arrived();
                return ActivatorUtilities.CreateInstance<ToolSession>(sp);
            });
        }));
        await using var client = await ConnectAsync(gated);

        var calls = Enumerable.Range(0, Calls)
            .Select(i => client.CallAsync("get_object_meta", new { object_type = i % 2 == 0 ? "contacts" : "deals" }))
            .ToList();
        await gate.FirstRequestArrived;
        await entered.AllArrived;
        for (var i = 0; i < 20; i++)
        {
            await Task.Yield();
        }

        gate.Release();
        var answers = await Task.WhenAll(calls);

        Assert.All(answers, a => a.Ok());
        Assert.Equal(1, gate.Requests);
        var account = gated.Services.GetRequiredService<Sandbox.OntraportSandbox>().Account(ServerSettings.SandboxAppId);
        Assert.Single(account.Requests, r => r.Path == "objects/meta");
    }

    private static async Task<McpClient> ConnectAsync(WebApplicationFactory<Program> factory)
    {
        var http = factory.CreateDefaultClient();
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }, http, NullLoggerFactory.Instance, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = "e2e-tests", Version = "1.0" } });
    }

    /// <summary>Counts <c>objects/meta</c> requests and holds them until released.</summary>
    private sealed class MetadataGate
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public Task FirstRequestArrived => _first.Task;

        public Task Released => _release.Task;

        public void Arrived()
        {
            Interlocked.Increment(ref _requests);
            _first.TrySetResult();
        }

        public void Release() => _release.TrySetResult();
    }

    private sealed class MetadataGateHandler(MetadataGate gate) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/objects/meta", StringComparison.Ordinal))
            {
                gate.Arrived();
                await gate.Released.WaitAsync(cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Signals once the expected number of tool calls have started.</summary>
    private sealed class ToolCallCounter(int expected)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _seen;

        public Task AllArrived => _all.Task;

        public void Arrived()
        {
            if (Interlocked.Increment(ref _seen) >= expected)
            {
                _all.TrySetResult();
            }
        }
    }
}
