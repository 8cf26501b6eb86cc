using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Bench;

/// <summary>
/// Side-by-side measures of two builds of our server in one run: the current endpoint against a baseline build (the
/// hand-written endpoint before the move to ModelContextProtocol.AspNetCore), cold start of a plain build against a
/// ReadyToRun publish, and the bytes of an SSE answer.
/// </summary>
public static class Compare
{
    /// <summary>One server spoken to in one era: what a row of the comparison is about.</summary>
    private sealed record Target(string Name, ServerProcess Server, McpEra Era)
    {
        public McpHttp Client(HttpClient http) => new(http, new Uri(Server.BaseAddress, "mcp"), Era);
    }

    private static JsonObject GetObjects(int limit) =>
        new() { ["name"] = "get_objects", ["arguments"] = new JsonObject { ["object_type"] = "contacts", ["limit"] = limit } };

    private static void CheckPage(string body, int limit, string who)
    {
        // The tool's text is JSON inside a JSON string: quotes arrive escaped, as \u0022 or \".
        if (!body.Contains($"returned\\u0022:{limit}", StringComparison.Ordinal) && !body.Contains($"returned\\\":{limit}", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{who}: get_objects did not return {limit} records: {body[..Math.Min(300, body.Length)]}");
        }
    }

    /// <summary>
    /// Both builds as separate processes at the same time, the same warm-up, then <paramref name="runs"/> rounds of:
    /// interleaved latency (get_objects 20 contacts, tools/list, and a direct GET of the same page), and throughput at
    /// 1/8/64 clients with the targets taking turns. The side-by-side is in the 2025-11-25 era without initialize
    /// (both builds serve it); the current build is also measured in the 2026-07-28 era.
    /// </summary>
    public static async Task<JsonObject> EndpointsAsync(string baselineDll, int runs, int iterations, TimeSpan warm, TimeSpan loadWarmup, TimeSpan loadDuration)
    {
        await using var old = await ServerProcess.StartOursAsync(dll: baselineDll);
        await using var current = await ServerProcess.StartOursAsync();
        Target[] targets = [new("old 2025-11-25", old, McpEra.Stateless2025), new("new 2025-11-25", current, McpEra.Stateless2025), new("new 2026-07-28", current, McpEra.Sessionless2026)];

        // The same warm-up for both processes, in turns: the old one gets all of it in 2025-11-25, the new one splits
        // the same time between the two eras.
        var slice = warm / 4;
        for (var i = 0; i < 3; i++)
        {
            await WarmAsync(targets[0], slice);
            await WarmAsync(targets[1], slice);
        }

        await WarmAsync(targets[0], slice);
        await WarmAsync(targets[2], slice);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var idle = new JsonObject { ["old"] = Round(old.ResidentMegabytes()), ["new"] = Round(current.ResidentMegabytes()) };
        Console.WriteLine($"  idle RSS after warm-up: old {idle["old"]} MB, new {idle["new"]} MB");

        var peaks = new double[2];
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peaks[0] = Math.Max(peaks[0], old.ResidentMegabytes());
                peaks[1] = Math.Max(peaks[1], current.ResidentMegabytes());
                try
                {
                    await Task.Delay(100, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });

        var rounds = new JsonArray();
        for (var run = 1; run <= runs; run++)
        {
            Console.WriteLine($"  run {run}");
            rounds.Add(new JsonObject
            {
                ["run"] = run,
                ["latency"] = await LatencyAsync(targets, current, iterations),
                ["throughput"] = await ThroughputAsync(targets, loadWarmup, loadDuration),
            });
        }

        await sampling.CancelAsync();
        await sampler;
        return new JsonObject
        {
            ["baseline_dll"] = baselineDll,
            ["warmup_s"] = Round(warm.TotalSeconds),
            ["iterations"] = iterations,
            ["load_warmup_s"] = Round(loadWarmup.TotalSeconds),
            ["load_s"] = Round(loadDuration.TotalSeconds),
            ["idle_rss_mb"] = idle,
            ["peak_rss_mb"] = new JsonObject { ["old"] = Round(peaks[0]), ["new"] = Round(peaks[1]) },
            ["sse_bytes"] = await SseBytesAsync(targets),
            ["runs"] = rounds,
        };
    }

    private static async Task WarmAsync(Target target, TimeSpan duration)
    {
        using var http = Load.Http(2);
        using var stop = new CancellationTokenSource(duration);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            var mcp = target.Client(http);
            while (!stop.IsCancellationRequested)
            {
                await mcp.ExpectResultAsync("tools/list", new JsonObject(), CancellationToken.None);
                await mcp.ExpectResultAsync("tools/call", GetObjects(20), CancellationToken.None);
            }
        }));
    }

    /// <summary>One client; each iteration calls every target once per operation, the order rotating per iteration.</summary>
    private static async Task<JsonObject> LatencyAsync(Target[] targets, ServerProcess direct, int iterations)
    {
        using var http = Load.Http(1);
        var clients = targets.Select(t => t.Client(http)).ToArray();
        var toolCall = targets.Select(_ => new List<double>(iterations)).ToArray();
        var toolsList = targets.Select(_ => new List<double>(iterations)).ToArray();
        var rest = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            for (var k = 0; k < targets.Length; k++)
            {
                var t = (i + k) % targets.Length;
                var started = Stopwatch.GetTimestamp();
                var body = await clients[t].PostAsync("tools/call", GetObjects(20), CancellationToken.None);
                toolCall[t].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                CheckPage(body, 20, targets[t].Name);

                started = Stopwatch.GetTimestamp();
                body = await clients[t].PostAsync("tools/list", new JsonObject(), CancellationToken.None);
                toolsList[t].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!body.Contains("\"get_objects\"", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{targets[t].Name}: tools/list without get_objects");
                }
            }

            var start = Stopwatch.GetTimestamp();
            using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(direct.BaseAddress, "sandbox/1/objects?objectID=0&range=20")))
            {
                request.Headers.Add("Api-Appid", "bench-direct");
                request.Headers.Add("Api-Key", "bench");
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsStringAsync();
                response.EnsureSuccessStatusCode();
            }

            rest.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        var rows = new JsonArray();
        for (var t = 0; t < targets.Length; t++)
        {
            var (call, list) = (new Samples(toolCall[t]), new Samples(toolsList[t]));
            rows.Add(new JsonObject
            {
                ["target"] = targets[t].Name,
                ["get_objects_p50_ms"] = Round(call.P50),
                ["get_objects_p99_ms"] = Round(call.P99),
                ["tools_list_p50_ms"] = Round(list.P50),
                ["tools_list_p99_ms"] = Round(list.P99),
            });
            Console.WriteLine($"    {targets[t].Name}: get_objects p50 {call.P50:0.000} p99 {call.P99:0.000} ms; tools/list p50 {list.P50:0.000} p99 {list.P99:0.000} ms");
        }

        var d = new Samples(rest);
        Console.WriteLine($"    direct GET (new process's sandbox): p50 {d.P50:0.000} p99 {d.P99:0.000} ms");
        return new JsonObject { ["rows"] = rows, ["direct_get_p50_ms"] = Round(d.P50), ["direct_get_p99_ms"] = Round(d.P99) };
    }

    /// <summary>Requests per second at 1, 8 and 64 clients for tools/list and get_objects, the targets taking turns.</summary>
    private static async Task<JsonArray> ThroughputAsync(Target[] targets, TimeSpan warmup, TimeSpan duration)
    {
        var rows = new JsonArray();
        var turn = 0;
        foreach (var workers in new[] { 1, 8, 64 })
        {
            foreach (var (operation, method, parameters) in new[] { ("tools/list", "tools/list", (Func<JsonObject>)(() => new JsonObject())), ("get_objects", "tools/call", () => GetObjects(20)) })
            {
                for (var k = 0; k < targets.Length; k++)
                {
                    var target = targets[(turn + k) % targets.Length];
                    using var http = Load.Http(workers);
                    var result = await Load.RunAsync(workers, warmup, duration, _ =>
                    {
                        var mcp = target.Client(http);
                        return Task.FromResult<Func<CancellationToken, Task>>(ct => mcp.ExpectResultAsync(method, parameters(), ct));
                    });
                    rows.Add(new JsonObject
                    {
                        ["target"] = target.Name,
                        ["operation"] = operation,
                        ["clients"] = workers,
                        ["requests_per_second"] = Round(result.PerSecond),
                        ["p50_ms"] = Round(result.Latency.P50),
                        ["p99_ms"] = Round(result.Latency.P99),
                        ["failed"] = result.Failed,
                    });
                    Console.WriteLine($"    {operation,-11} {workers,2} clients {target.Name}: {result.PerSecond,7:0} req/s  p50 {result.Latency.P50:0.00}  p99 {result.Latency.P99:0.00} ms  failed {result.Failed}");
                }

                turn++;
            }
        }

        return rows;
    }

    /// <summary>Bytes of a whole get_objects SSE answer (20 and 50 contacts) against the tool's text in it.</summary>
    private static async Task<JsonArray> SseBytesAsync(Target[] targets)
    {
        using var http = Load.Http(1);
        var rows = new JsonArray();
        foreach (var target in targets)
        {
            var mcp = target.Client(http);
            foreach (var limit in new[] { 20, 50 })
            {
                var body = await mcp.PostAsync("tools/call", GetObjects(limit), CancellationToken.None);
                CheckPage(body, limit, target.Name);
                var data = body.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()).First(l => l.StartsWith('{'));
                var text = JsonNode.Parse(data)!["result"]!["content"]![0]!["text"]!.GetValue<string>();
                rows.Add(new JsonObject
                {
                    ["target"] = target.Name,
                    ["contacts"] = limit,
                    ["sse_body_bytes"] = Encoding.UTF8.GetByteCount(body),
                    ["tool_text_bytes"] = Encoding.UTF8.GetByteCount(text),
                    ["escaped_quotes"] = CountOf(body, "\\u0022"),
                });
            }
        }

        return rows;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Load for a profiler: <paramref name="clients"/> clients loop get_objects (20 contacts, 2025-11-25 stateless)
    /// against a server already running at <paramref name="endpoint"/> for <paramref name="duration"/>.
    /// </summary>
    public static async Task<JsonObject> DriveAsync(Uri endpoint, int clients, TimeSpan duration, McpEra era, bool direct = false)
    {
        using var http = Load.Http(clients);
        // --direct: the same 20 contacts as a bare REST GET on the server's sandbox (the emulator plus Kestrel), for the
        // profile's baseline of what a tool call cannot go below.
        var page = new Uri(endpoint, "/sandbox/1/objects?objectID=0&range=20");
        var result = await Load.RunAsync(clients, TimeSpan.FromSeconds(1), duration, _ =>
        {
            if (direct)
            {
                return Task.FromResult<Func<CancellationToken, Task>>(async ct =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, page);
                    request.Headers.Add("Api-Appid", "bench-direct");
                    request.Headers.Add("Api-Key", "bench");
                    using var response = await http.SendAsync(request, ct);
                    await response.Content.ReadAsByteArrayAsync(ct);
                    response.EnsureSuccessStatusCode();
                });
            }

            var mcp = new McpHttp(http, endpoint, era);
            return Task.FromResult<Func<CancellationToken, Task>>(ct => mcp.ExpectResultAsync("tools/call", GetObjects(20), ct));
        });
        return new JsonObject
        {
            ["clients"] = clients,
            ["calls"] = result.Completed,
            ["failed"] = result.Failed,
            ["requests_per_second"] = Round(result.PerSecond),
            ["p50_ms"] = Round(result.Latency.P50),
            ["p99_ms"] = Round(result.Latency.P99),
        };
    }

    private static double Round(double value) => Math.Round(value, 3);
}
