using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
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
        await using var redis = await RedisProcess.StartAsync();
        var shared = new Dictionary<string, string> { ["ONTRAPORT_MCP_REDIS"] = redis.Configuration };
        await using var alone = await ServerProcess.StartOursAsync();
        await using var first = await ServerProcess.StartOursAsync(shared);
        await using var second = await ServerProcess.StartOursAsync(shared);
        await Task.WhenAll(WarmAsync(alone, steady), WarmAsync(first, steady), WarmAsync(second, steady));

        var results = new JsonObject
        {
            ["redis"] = redis.Version,
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
        results["redis_ping"] = Row(await redis.PingSamplesAsync(iterations));
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

    /// <summary>A throwaway redis-server from Debian on a free loopback port, persisting nothing.</summary>
    private sealed class RedisProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _directory;

        private RedisProcess(Process process, string directory, int port, string version)
        {
            _process = process;
            _directory = directory;
            Port = port;
            Version = version;
        }

        public int Port { get; }

        public string Version { get; }

        public string Configuration => $"127.0.0.1:{Port}";

        public static async Task<RedisProcess> StartAsync()
        {
            const string binary = "/usr/bin/redis-server";
            if (!File.Exists(binary))
            {
                throw new InvalidOperationException("The several-instances benchmark needs Debian's redis-server (apt-get install redis-server).");
            }

            var port = FreePort();
            var directory = Directory.CreateTempSubdirectory("bench-redis-").FullName;
            var start = new ProcessStartInfo(binary, ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--dir", directory, "--save", "", "--appendonly", "no"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var process = Process.Start(start)!;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    var answer = await CommandAsync(port, "INFO server\r\n");
                    var version = answer.Split('\n').FirstOrDefault(l => l.StartsWith("redis_version:", StringComparison.Ordinal))?.Trim()[14..] ?? "unknown";
                    return new RedisProcess(process, directory, port, version);
                }
                catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
                {
                    await Task.Delay(50);
                }
            }
        }

        /// <summary>Round trips of a bare PING on one connection: the floor under any Redis call.</summary>
        public async Task<Samples> PingSamplesAsync(int count)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, Port);
            var buffer = new byte[64];
            var ping = "PING\r\n"u8.ToArray();
            var samples = new List<double>(count);
            for (var i = 0; i < count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await socket.SendAsync(ping);
                await socket.ReceiveAsync(buffer);
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return new Samples(samples);
        }

        private static async Task<string> CommandAsync(int port, string command)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port);
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(command));
            var buffer = new byte[8192];
            var read = await socket.ReceiveAsync(buffer);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
