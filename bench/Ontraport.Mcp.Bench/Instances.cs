using System.Diagnostics;
using System.Text.Json.Nodes;
using Ontraport.Testing;
using static Ontraport.Mcp.Bench.Measurements;

namespace Ontraport.Mcp.Bench;

/// <summary>
/// Several instances (issue 13): get_objects throughput through two instances sharing one Redis against one instance
/// alone (with and without Redis), and what the Redis round trip adds to a call, p50/p99, measured interleaved with the
/// same call on an instance without Redis. Each instance serves its own embedded sandbox; the limit is raised so the
/// shared bucket is consulted on every request without ever making a caller wait.
/// </summary>
public static class Instances
{
    public static async Task<JsonObject> MeasureAsync(int iterations, TimeSpan steady, TimeSpan warmup, TimeSpan duration)
    {
        if (!RedisServer.Available)
        {
            throw new InvalidOperationException($"The several-instances benchmark needs Debian's redis-server ({RedisServer.Binary}; apt-get install redis-server).");
        }

        // The tests' own fixture: a throwaway redis-server on a free loopback port, persisting nothing.
        await using var redis = await RedisServer.StartNewAsync();
        using var connection = await redis.ConnectAsync();
        var shared = new Dictionary<string, string> { ["ONTRAPORT_MCP_REDIS"] = redis.Configuration };
        await using var alone = await ServerProcess.StartOursAsync();
        await using var first = await ServerProcess.StartOursAsync(shared);
        await using var second = await ServerProcess.StartOursAsync(shared);
        await Task.WhenAll(WarmAsync(alone, steady), WarmAsync(first, steady), WarmAsync(second, steady));

        var results = new JsonObject
        {
            ["redis"] = connection.GetServers()[0].Version.ToString(),
            ["note"] = "All processes (load driver, instances, Redis) share this machine's cores, so two instances cannot add capacity here; the rows show what coordination costs, not how far it scales.",
        };

        // The Redis cost per call: the same get_objects, one client, alternating between the two kinds of instance.
        var (local, viaRedis) = await InterleavedAsync(alone, first, iterations);
        results["latency_per_call"] = new JsonObject
        {
            ["iterations"] = iterations,
            ["without_redis"] = Row(local),
            ["with_redis"] = Row(viaRedis),
            ["added_p50_ms"] = Round(viaRedis.P50 - local.P50),
            ["added_p99_ms"] = Round(viaRedis.P99 - local.P99),
        };
        results["redis_ping"] = Row(await PingSamplesAsync(connection, iterations));
        Console.WriteLine($"  per call: without Redis p50 {local.P50:0.000} ms p99 {local.P99:0.000} ms; with Redis p50 {viaRedis.P50:0.000} ms p99 {viaRedis.P99:0.000} ms");

        var throughput = new JsonArray();
        foreach (var clients in new[] { 8, 64 })
        {
            throughput.Add(await ThroughputAsync("one instance, no Redis", [alone], clients, warmup, duration));
            throughput.Add(await ThroughputAsync("one instance, Redis", [first], clients, warmup, duration));
            throughput.Add(await ThroughputAsync("two instances, one Redis", [first, second], clients, warmup, duration));
        }

        results["get_objects_throughput"] = throughput;
        return results;
    }

    /// <summary>Round trips of a PING through StackExchange.Redis, the client the shared bucket uses: the floor under any Redis call.</summary>
    private static async Task<Samples> PingSamplesAsync(StackExchange.Redis.IConnectionMultiplexer connection, int count)
    {
        var database = connection.GetDatabase();
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            samples.Add((await database.PingAsync()).TotalMilliseconds);
        }

        return new Samples(samples);
    }

    private static JsonObject Row(Samples samples) => new() { ["p50_ms"] = Round(samples.P50), ["p99_ms"] = Round(samples.P99), ["samples"] = samples.Count };

    private static async Task<(Samples Local, Samples Redis)> InterleavedAsync(ServerProcess local, ServerProcess redis, int iterations)
    {
        using var http = Load.Http(2);
        var a = new McpHttp(http, new Uri(local.BaseAddress, "mcp"));
        var b = new McpHttp(http, new Uri(redis.BaseAddress, "mcp"));
        await a.InitializeAsync(CancellationToken.None);
        await b.InitializeAsync(CancellationToken.None);
        var call = new JsonObject { ["name"] = "get_objects", ["arguments"] = GetObjectsArguments(20) };
        List<double> onLocal = [], onRedis = [];
        for (var i = 0; i < iterations; i++)
        {
            // Alternate which goes first, so neither side always runs on a cache warmed by the other.
            foreach (var (mcp, samples) in i % 2 == 0 ? [(a, onLocal), (b, onRedis)] : new[] { (b, onRedis), (a, onLocal) })
            {
                var started = Stopwatch.GetTimestamp();
                await mcp.ExpectResultAsync("tools/call", (JsonObject)call.DeepClone(), CancellationToken.None);
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return (new Samples(onLocal), new Samples(onRedis));
    }

    private static async Task<JsonObject> ThroughputAsync(string name, ServerProcess[] instances, int clients, TimeSpan warmup, TimeSpan duration)
    {
        using var http = Load.Http(clients);
        var result = await Load.RunAsync(clients, warmup, duration, async worker =>
        {
            // Round robin by client, no stickiness beyond the connection: what a plain load balancer does.
            var mcp = new McpHttp(http, new Uri(instances[worker % instances.Length].BaseAddress, "mcp"));
            await mcp.InitializeAsync(CancellationToken.None);
            return ct => mcp.ExpectResultAsync("tools/call", new JsonObject { ["name"] = "get_objects", ["arguments"] = GetObjectsArguments(20) }, ct);
        });
        Console.WriteLine($"  {name}, {clients} clients: {result.PerSecond:0} req/s p50 {result.Latency.P50:0.0} ms p99 {result.Latency.P99:0.0} ms failed {result.Failed}");
        return new JsonObject
        {
            ["topology"] = name,
            ["clients"] = clients,
            ["requests_per_second"] = Round(result.PerSecond),
            ["p50_ms"] = Round(result.Latency.P50),
            ["p99_ms"] = Round(result.Latency.P99),
            ["failed"] = result.Failed,
        };
    }
}
