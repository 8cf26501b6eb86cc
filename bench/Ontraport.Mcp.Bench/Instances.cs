using System.Diagnostics;
using System.Text.Json.Nodes;
using Ontraport.Testing;
using static Ontraport.Mcp.Bench.Measurements;

namespace Ontraport.Mcp.Bench;

/// <summary>
/// Several instances (issue 13): get_objects throughput through two instances sharing one Redis against one instance
/// alone (with and without Redis), and what the Redis round trip adds to a call, p50/p99, measured interleaved with the
/// same call on an instance without Redis. Each instance serves its own embedded sandbox; the limit is raised so the
/// shared bucket is consulted on every request without ever making a caller wait (and, since issue 22, holds plenty, so a
/// busy loop spends leased tokens: the script calls per upstream request are counted). With a baseline build the same
/// added-per-call measure runs for it too, interleaved with ours in one loop (old with Redis, old without, new with,
/// new without, in turns), each build on its own redis-server so that its script calls can be counted apart.
/// </summary>
public static class Instances
{
    public static async Task<JsonObject> MeasureAsync(int iterations, TimeSpan steady, TimeSpan warmup, TimeSpan duration, string? baselineDll = null)
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

        if (baselineDll is not null)
        {
            // Old and new side by side: four instances, one loop, so both builds see the same load on this machine.
            await using var oldRedis = await RedisServer.StartNewAsync();
            using var oldConnection = await oldRedis.ConnectAsync();
            await using var oldAlone = await ServerProcess.StartOursAsync(dll: baselineDll);
            await using var oldShared = await ServerProcess.StartOursAsync(new Dictionary<string, string> { ["ONTRAPORT_MCP_REDIS"] = oldRedis.Configuration }, baselineDll);
            await Task.WhenAll(WarmAsync(oldAlone, steady), WarmAsync(oldShared, steady));
            var oldScripts = await ScriptCallsAsync(oldConnection);
            var newScripts = await ScriptCallsAsync(connection);
            var samples = await InterleavedAsync([oldAlone, oldShared, alone, first], iterations);
            oldScripts = await ScriptCallsAsync(oldConnection) - oldScripts;
            newScripts = await ScriptCallsAsync(connection) - newScripts;
            results["latency_per_call_old_vs_new"] = new JsonObject
            {
                ["iterations"] = iterations,
                ["baseline"] = baselineDll,
                ["old"] = Side(samples[0], samples[1], oldScripts, iterations),
                ["new"] = Side(samples[2], samples[3], newScripts, iterations),
            };
            Console.WriteLine($"  per call, old: without Redis p50 {samples[0].P50:0.000} ms, with {samples[1].P50:0.000} ms (added {samples[1].P50 - samples[0].P50:0.000} ms), {oldScripts} scripts for {iterations} calls");
            Console.WriteLine($"  per call, new: without Redis p50 {samples[2].P50:0.000} ms, with {samples[3].P50:0.000} ms (added {samples[3].P50 - samples[2].P50:0.000} ms), {newScripts} scripts for {iterations} calls");
        }

        // The Redis cost per call: the same get_objects, one client, alternating between the two kinds of instance.
        var scriptsBefore = await ScriptCallsAsync(connection);
        var pair = await InterleavedAsync([alone, first], iterations);
        var scripts = await ScriptCallsAsync(connection) - scriptsBefore;
        var (local, viaRedis) = (pair[0], pair[1]);
        results["latency_per_call"] = Side(local, viaRedis, scripts, iterations);
        results["redis_ping"] = Row(await PingSamplesAsync(connection, iterations));
        Console.WriteLine($"  per call: without Redis p50 {local.P50:0.000} ms p99 {local.P99:0.000} ms; with Redis p50 {viaRedis.P50:0.000} ms p99 {viaRedis.P99:0.000} ms; {scripts} scripts for {iterations} calls");

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

    private static JsonObject Side(Samples local, Samples viaRedis, long scripts, int iterations) => new()
    {
        ["iterations"] = iterations,
        ["without_redis"] = Row(local),
        ["with_redis"] = Row(viaRedis),
        ["added_p50_ms"] = Round(viaRedis.P50 - local.P50),
        ["added_p99_ms"] = Round(viaRedis.P99 - local.P99),
        ["redis_scripts"] = scripts,
        ["redis_scripts_per_call"] = Round((double)scripts / iterations),
    };

    /// <summary>Script runs (EVAL and EVALSHA) the redis-server has served since it started: INFO commandstats.</summary>
    private static async Task<long> ScriptCallsAsync(StackExchange.Redis.IConnectionMultiplexer connection)
    {
        var text = (string)(await connection.GetDatabase().ExecuteAsync("INFO", "commandstats"))!;
        return text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("cmdstat_evalsha:", StringComparison.Ordinal) || l.StartsWith("cmdstat_eval:", StringComparison.Ordinal))
            .Sum(l => long.Parse(l.Split("calls=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static JsonObject Row(Samples samples) => new() { ["p50_ms"] = Round(samples.P50), ["p99_ms"] = Round(samples.P99), ["samples"] = samples.Count };

    /// <summary>The same get_objects on each server in turn, <paramref name="iterations"/> rounds; one sample list per server.</summary>
    private static async Task<Samples[]> InterleavedAsync(ServerProcess[] servers, int iterations)
    {
        using var http = Load.Http(servers.Length);
        var clients = servers.Select(server => new McpHttp(http, new Uri(server.BaseAddress, "mcp"))).ToArray();
        foreach (var client in clients)
        {
            await client.InitializeAsync(CancellationToken.None);
        }

        var call = new JsonObject { ["name"] = "get_objects", ["arguments"] = GetObjectsArguments(20) };
        var samples = servers.Select(_ => new List<double>(iterations)).ToArray();
        for (var i = 0; i < iterations; i++)
        {
            // Rotate which goes first, so no server always runs on a cache warmed by another.
            for (var k = 0; k < servers.Length; k++)
            {
                var j = (i + k) % servers.Length;
                var started = Stopwatch.GetTimestamp();
                await clients[j].ExpectResultAsync("tools/call", (JsonObject)call.DeepClone(), CancellationToken.None);
                samples[j].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return [.. samples.Select(list => new Samples(list))];
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
