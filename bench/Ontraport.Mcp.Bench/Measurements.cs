using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ontraport.Client;
using Ontraport.Client.Objects;
using Ontraport.Sandbox;

namespace Ontraport.Mcp.Bench;

/// <summary>Each measurement of docs/benchmarks.md. All loads stay on loopback; durations are bounded.</summary>
public static class Measurements
{
    public static JsonObject GetObjectsArguments(int limit) => new() { ["object_type"] = "contacts", ["limit"] = limit };

    private static HttpRequestMessage DirectGet(Uri baseAddress, int range)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, $"sandbox/1/objects?objectID=0&range={range}"));
        request.Headers.Add("Api-Appid", "bench-direct");
        request.Headers.Add("Api-Key", "bench");
        return request;
    }

    /// <summary>
    /// A get_objects tool call through the host against a direct GET of the same page, interleaved, one client. With
    /// <paramref name="upstreamLatency"/> the sandbox holds every answer that long, as a remote Ontraport would.
    /// </summary>
    public static async Task<JsonObject> LatencyAsync(int iterations, TimeSpan warmup, TimeSpan upstreamLatency = default)
    {
        var environment = upstreamLatency > TimeSpan.Zero
            ? new Dictionary<string, string> { ["ONTRAPORT_SANDBOX_FAULTS"] = $"latency:1:ms={(int)upstreamLatency.TotalMilliseconds}" }
            : null;
        await using var server = await ServerProcess.StartOursAsync(environment);
        using var http = Load.Http(1);
        var mcp = new McpHttp(http, new Uri(server.BaseAddress, "mcp"));
        await mcp.InitializeAsync(CancellationToken.None);

        // The first calls after start run on tier-0 JIT code; tiering settles after a few thousand calls. Measured
        // apart so the steady-state numbers are not a mix of both.
        var cold = await InterleaveAsync(mcp, http, server.BaseAddress, Math.Max(1, iterations / 4));
        await WarmAsync(server, warmup);
        var (tool, direct) = await InterleaveAsync(mcp, http, server.BaseAddress, iterations);

        var (t, d) = (new Samples(tool), new Samples(direct));
        return new JsonObject
        {
            ["iterations"] = iterations,
            ["warmup_s"] = Round(warmup.TotalSeconds),
            ["upstream_latency_ms"] = Round(upstreamLatency.TotalMilliseconds),
            ["tool_p50_ms"] = Round(t.P50),
            ["tool_p99_ms"] = Round(t.P99),
            ["direct_p50_ms"] = Round(d.P50),
            ["direct_p99_ms"] = Round(d.P99),
            ["p50_ratio"] = Round(t.P50 / d.P50),
            ["p99_ratio"] = Round(t.P99 / d.P99),
            ["cold_iterations"] = cold.Tool.Count,
            ["cold_tool_p50_ms"] = Round(new Samples(cold.Tool).P50),
            ["cold_direct_p50_ms"] = Round(new Samples(cold.Direct).P50),
        };
    }

    /// <summary>A get_objects call and a direct GET of the same page, one after the other, <paramref name="iterations"/> times.</summary>
    private static async Task<(List<double> Tool, List<double> Direct)> InterleaveAsync(McpHttp mcp, HttpClient http, Uri baseAddress, int iterations)
    {
        var tool = new List<double>(iterations);
        var direct = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var answer = await mcp.CallToolAsync("get_objects", GetObjectsArguments(20), CancellationToken.None);
            tool.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!McpHttp.ToolText(answer).Contains("\"returned\":20", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("get_objects did not return the page: " + McpHttp.ToolText(answer));
            }

            started = Stopwatch.GetTimestamp();
            using (var request = DirectGet(baseAddress, 20))
            using (var response = await http.SendAsync(request))
            {
                await response.Content.ReadAsStringAsync();
                response.EnsureSuccessStatusCode();
            }

            direct.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return (tool, direct);
    }

    /// <summary>
    /// Two clients call tools/list and get_objects (only tools/list on the reference) for <paramref name="duration"/>,
    /// so what is measured next runs on steady-state code rather than on the JIT's first tier.
    /// </summary>
    public static async Task WarmAsync(ServerProcess server, TimeSpan duration, bool toolsListOnly = false)
    {
        using var http = Load.Http(2);
        using var stop = new CancellationTokenSource(duration);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async worker =>
        {
            var mcp = new McpHttp(http, new Uri(server.BaseAddress, "mcp"));
            await mcp.InitializeAsync(CancellationToken.None);
            while (!stop.IsCancellationRequested)
            {
                await mcp.ExpectResultAsync("tools/list", new JsonObject(), CancellationToken.None);
                if (!toolsListOnly)
                {
                    await mcp.ExpectResultAsync("tools/call", new JsonObject { ["name"] = "get_objects", ["arguments"] = GetObjectsArguments(20) }, CancellationToken.None);
                }
            }
        }));
    }

    /// <summary>Requests per second at 1, 8 and 64 concurrent clients, ours and the TypeScript reference server side by side.</summary>
    public static async Task<JsonObject> ThroughputAsync(TimeSpan steady, TimeSpan warmup, TimeSpan duration, bool withReference)
    {
        var results = new JsonObject { ["warmup_s"] = Round(steady.TotalSeconds) };
        await using (var ours = await ServerProcess.StartOursAsync())
        {
            await WarmAsync(ours, steady);
            await Task.Delay(TimeSpan.FromSeconds(2));
            results["ours_idle_rss_mb"] = Round(ours.ResidentMegabytes());
            results["ours_tools_list"] = await ThroughputRowsAsync(ours, warmup, duration, (mcp, ct) => mcp.ExpectResultAsync("tools/list", new JsonObject(), ct), tree: false);
            results["ours_get_objects"] = await ThroughputRowsAsync(ours, warmup, duration,
                (mcp, ct) => mcp.ExpectResultAsync("tools/call", new JsonObject { ["name"] = "get_objects", ["arguments"] = GetObjectsArguments(20) }, ct), tree: false);
        }

        if (withReference)
        {
            await using var reference = await ServerProcess.StartReferenceAsync();
            await WarmAsync(reference, steady, toolsListOnly: true);
            await Task.Delay(TimeSpan.FromSeconds(2));
            results["reference_idle_rss_mb"] = Round(reference.TreeResidentMegabytes());
            results["reference_tools_list"] = await ThroughputRowsAsync(reference, warmup, duration, (mcp, ct) => mcp.ExpectResultAsync("tools/list", new JsonObject(), ct), tree: true);
        }

        return results;
    }

    private static async Task<JsonArray> ThroughputRowsAsync(ServerProcess server, TimeSpan warmup, TimeSpan duration, Func<McpHttp, CancellationToken, Task> operation, bool tree)
    {
        var rows = new JsonArray();
        foreach (var workers in new[] { 1, 8, 64 })
        {
            using var http = Load.Http(workers);
            var peak = 0.0;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, tree ? server.TreeResidentMegabytes() : server.ResidentMegabytes());
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
            var result = await Load.RunAsync(workers, warmup, duration, async _ =>
            {
                var mcp = new McpHttp(http, new Uri(server.BaseAddress, "mcp"));
                await mcp.InitializeAsync(CancellationToken.None);
                return ct => operation(mcp, ct);
            });
            await sampling.CancelAsync();
            await sampler;
            rows.Add(new JsonObject
            {
                ["clients"] = workers,
                ["requests_per_second"] = Round(result.PerSecond),
                ["p50_ms"] = Round(result.Latency.P50),
                ["p99_ms"] = Round(result.Latency.P99),
                ["failed"] = result.Failed,
                ["peak_rss_mb"] = Round(peak),
            });
            Console.WriteLine($"  {workers,2} clients: {result.PerSecond,8:0} req/s  p50 {result.Latency.P50:0.0} ms  p99 {result.Latency.P99:0.0} ms  failed {result.Failed}  peak RSS {peak:0} MB");
        }

        return rows;
    }

    /// <summary>
    /// Bytes of a get_objects page of 50 contacts (the account's list-view columns) against the raw API JSON of the same
    /// page; and, with <c>fields: ["*"]</c>, that no non-empty field of the raw page is missing (id lists appear under the
    /// plural of what they list, custom fields under their labels).
    /// </summary>
    public static async Task<JsonObject> ResultSizeAsync()
    {
        await using var server = await ServerProcess.StartOursAsync();
        using var http = Load.Http(1);
        var mcp = new McpHttp(http, new Uri(server.BaseAddress, "mcp"));
        await mcp.InitializeAsync(CancellationToken.None);
        var compact = McpHttp.ToolText(await mcp.CallToolAsync("get_objects", GetObjectsArguments(50), CancellationToken.None));
        var every = McpHttp.ToolText(await mcp.CallToolAsync("get_objects", new JsonObject { ["object_type"] = "contacts", ["limit"] = 50, ["fields"] = new JsonArray("*") }, CancellationToken.None));
        using var request = DirectGet(server.BaseAddress, 50);
        using var response = await http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        using var metaRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "sandbox/1/objects/meta?objectID=0&format=byId"));
        metaRequest.Headers.Add("Api-Appid", "bench-direct");
        metaRequest.Headers.Add("Api-Key", "bench");
        using var metaResponse = await http.SendAsync(metaRequest);
        var fields = JsonNode.Parse(await metaResponse.Content.ReadAsStringAsync())!["data"]!["0"]!["fields"]!.AsObject();

        var everyItems = JsonNode.Parse(every)!["items"]!.AsArray();
        var rawItems = JsonNode.Parse(raw)!["data"]!.AsArray();
        var lost = new List<string>();
        foreach (var rawItem in rawItems.OfType<JsonObject>())
        {
            var id = rawItem["id"]!.GetValue<string>();
            var match = everyItems.OfType<JsonObject>().FirstOrDefault(c => c["id"]!.ToString() == id);
            foreach (var (field, value) in rawItem)
            {
                if (IsNonEmpty(value) && (match is null || !match.ContainsKey(ShownAs(field, fields))))
                {
                    lost.Add($"{id}.{field}");
                }
            }
        }

        var compactBytes = Encoding.UTF8.GetByteCount(compact);
        var rawBytes = Encoding.UTF8.GetByteCount(raw);
        return new JsonObject
        {
            ["records"] = rawItems.Count,
            ["raw_bytes"] = rawBytes,
            ["tool_bytes"] = compactBytes,
            ["ratio"] = Round((double)compactBytes / rawBytes),
            ["columns"] = JsonNode.Parse(compact)!["columns"]?.DeepClone(),
            ["every_field_bytes"] = Encoding.UTF8.GetByteCount(every),
            ["non_empty_fields_lost"] = lost.Count,
            ["lost_examples"] = new JsonArray([.. lost.Take(5).Select(l => (JsonNode)l)]),
        };
    }

    /// <summary>The key an answer shows a raw field under: id lists by what they list, custom fields by their label.</summary>
    private static string ShownAs(string field, JsonObject fields) => field switch
    {
        "contact_cat" => "tags",
        "updateSequence" => "sequences",
        "updateCampaign" => "automations",
        _ when field.Length > 1 && field[0] == 'f' && field.Skip(1).All(char.IsAsciiDigit) => fields[field]?["alias"]?.GetValue<string>() ?? field,
        _ => field,
    };

    /// <summary>Null, empty, and zero (unset dates and lookups are stored as "0") carry nothing.</summary>
    private static bool IsNonEmpty(JsonNode? value)
    {
        var text = value?.ToString();
        return !string.IsNullOrEmpty(text) && !(decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && number == 0) && text != "[]" && text != "{}";
    }

    /// <summary>
    /// The client's limiter against the sandbox in real time: sessions of one account hammering it with limit L for at
    /// least two windows. No 60 s window may exceed L; sustained use ≥ 95 % of L; shares fair; no 429 from the sandbox.
    /// </summary>
    public static async Task<JsonObject> RateLimitAsync(int limit, int sessions, TimeSpan duration)
    {
        var sandbox = new OntraportSandbox(new SandboxOptions { RateLimitPerMinute = limit });
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddOntraportClient(o =>
        {
            o.BaseAddress = new Uri("http://sandbox.invalid/1/");
            o.RateLimitPerMinute = limit;
            o.CallBudget = duration + TimeSpan.FromMinutes(2);
        }).ConfigurePrimaryHttpMessageHandler(() => new SandboxHttpMessageHandler(sandbox));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<OntraportClientFactory>();
        var credentials = new OntraportCredentials("bench-limit", "bench-key");
        var counts = new int[sessions];
        using var stop = new CancellationTokenSource(duration);
        var workers = Enumerable.Range(0, sessions).Select(index => Task.Run(async () =>
        {
            var client = factory.Create(credentials);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.Objects.ListAsync(0, new ListOptions { Range = 1 }, stop.Token);
                    Interlocked.Increment(ref counts[index]);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        })).ToList();
        await Task.WhenAll(workers);

        var times = sandbox.Account("bench-limit").Requests.Where(r => r.StatusCode == 200).Select(r => r.Time).Order().ToList();
        var tooMany = sandbox.Account("bench-limit").Requests.Count(r => r.StatusCode == 429);
        var maxInWindow = 0;
        for (int i = 0, j = 0; i < times.Count; i++)
        {
            while (j < times.Count && times[j] - times[i] < TimeSpan.FromSeconds(60))
            {
                j++;
            }

            maxInWindow = Math.Max(maxInWindow, j - i);
        }

        // Sustained use: whole minutes after the first (which includes the burst).
        var measuredFrom = times.First() + TimeSpan.FromSeconds(60);
        var minutes = Math.Floor((times.Last() - measuredFrom).TotalMinutes);
        var sustained = minutes >= 1 ? times.Count(t => t >= measuredFrom && t < measuredFrom + TimeSpan.FromMinutes(minutes)) / minutes : double.NaN;
        return new JsonObject
        {
            ["limit_per_minute"] = limit,
            ["sessions"] = sessions,
            ["duration_s"] = Round(duration.TotalSeconds),
            ["requests"] = times.Count,
            ["max_in_any_60s_window"] = maxInWindow,
            ["sustained_per_minute"] = Round(sustained),
            ["utilization"] = Round(sustained / limit),
            ["sandbox_429s"] = tooMany,
            ["per_session"] = new JsonArray([.. counts.Select(c => (JsonNode)c)]),
            ["largest_over_smallest_share"] = Round((double)counts.Max() / Math.Max(1, counts.Min())),
        };
    }

    /// <summary>Process start to the first /health 200, several runs.</summary>
    public static async Task<JsonObject> StartupAsync(int runs)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await using var server = await ServerProcess.StartOursAsync();
            times.Add(server.StartupTime.TotalMilliseconds);
        }

        var samples = new Samples(times);
        return new JsonObject { ["runs"] = runs, ["median_ms"] = Round(samples.P50), ["max_ms"] = Round(times.Max()) };
    }

    /// <summary>
    /// Issue 22: spawn to the first answered stateless tools/list (polled every 5 ms), the first and second get_objects
    /// (20 contacts) made right after it, and the resident memory a second after them, for each build, the builds taking
    /// turns (the order reverses every run). A build that has a readiness answer (<c>/health/ready</c>, 503 until its
    /// start-up warm-up has run) is started a second time per run: spawn to the first 200 of <c>/health/ready</c> (polled
    /// every 5 ms), then the first and second get_objects made after it. A build whose dll is not the server (the bare
    /// <c>dotnet new web</c> reference) is measured to its first answer only: its /mcp answers a fixed tools/list.
    /// </summary>
    public static async Task<JsonObject> ColdStartAsync(IReadOnlyList<(string Name, string Dll)> builds, int runs)
    {
        var samples = builds.ToDictionary(b => b.Name, _ => new ColdStartSamples());
        for (var run = 0; run < runs; run++)
        {
            foreach (var (name, dll) in run % 2 == 0 ? builds : builds.Reverse())
            {
                var server = Path.GetFileName(dll) == "Ontraport.Mcp.Server.dll";
                var s = samples[name];
                await using (var process = await ServerProcess.StartOursAsync(dll: dll, ready: ToolsListAnswers))
                {
                    s.List.Add(process.StartupTime.TotalMilliseconds);
                    var line = $"  {name}: first tools/list {process.StartupTime.TotalMilliseconds:0} ms after spawn";
                    if (server)
                    {
                        var (first, second) = await TwoGetObjectsAsync(process, name);
                        s.First.Add(first);
                        s.Second.Add(second);
                        line += $"; first get_objects {first:0.0} ms, second {second:0.0} ms";
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1)); // idle: what the process keeps once the first calls are done
                    s.Rss.Add(process.ResidentMegabytes());
                    Console.WriteLine($"{line}; RSS {s.Rss[^1]:0.0} MB");
                    if (server && run == 0)
                    {
                        s.HasReadiness = await ReadinessStatusAsync(process.BaseAddress) != System.Net.HttpStatusCode.NotFound;
                    }
                }

                if (s.HasReadiness)
                {
                    await using var process = await ServerProcess.StartOursAsync(dll: dll, ready: ReadyAnswers);
                    s.Ready.Add(process.StartupTime.TotalMilliseconds);
                    var (first, second) = await TwoGetObjectsAsync(process, name);
                    s.FirstAfterReady.Add(first);
                    s.SecondAfterReady.Add(second);
                    Console.WriteLine($"  {name}: /health/ready 200 {process.StartupTime.TotalMilliseconds:0} ms after spawn; then first get_objects {first:0.0} ms, second {second:0.0} ms");
                }
            }
        }

        var rows = new JsonArray();
        foreach (var (name, dll) in builds)
        {
            var s = samples[name];
            var row = new JsonObject
            {
                ["build"] = name,
                ["dll"] = dll,
                ["first_tools_list_median_ms"] = Round(new Samples(s.List).P50),
                ["first_tools_list_min_ms"] = Round(s.List.Min()),
                ["first_tools_list_max_ms"] = Round(s.List.Max()),
                ["rss_after_first_calls_median_mb"] = Round(new Samples(s.Rss).P50),
            };
            if (s.First.Count > 0)
            {
                row["first_get_objects_median_ms"] = Round(new Samples(s.First).P50);
                row["first_get_objects_min_ms"] = Round(s.First.Min());
                row["first_get_objects_max_ms"] = Round(s.First.Max());
                row["second_get_objects_median_ms"] = Round(new Samples(s.Second).P50);
                row["first_to_second_ratio"] = Round(new Samples(s.First).P50 / new Samples(s.Second).P50);
            }

            if (s.Ready.Count > 0)
            {
                row["ready_median_ms"] = Round(new Samples(s.Ready).P50);
                row["ready_min_ms"] = Round(s.Ready.Min());
                row["ready_max_ms"] = Round(s.Ready.Max());
                row["first_get_objects_after_ready_median_ms"] = Round(new Samples(s.FirstAfterReady).P50);
                row["second_get_objects_after_ready_median_ms"] = Round(new Samples(s.SecondAfterReady).P50);
                row["first_to_second_after_ready_ratio"] = Round(new Samples(s.FirstAfterReady).P50 / new Samples(s.SecondAfterReady).P50);
            }

            rows.Add(row);
        }

        return new JsonObject { ["runs"] = runs, ["builds"] = rows };
    }

    private sealed class ColdStartSamples
    {
        public List<double> List { get; } = [];
        public List<double> First { get; } = [];
        public List<double> Second { get; } = [];
        public List<double> Rss { get; } = [];
        public bool HasReadiness { get; set; }
        public List<double> Ready { get; } = [];
        public List<double> FirstAfterReady { get; } = [];
        public List<double> SecondAfterReady { get; } = [];
    }

    /// <summary>The first and second get_objects (20 contacts) on a fresh process, in milliseconds.</summary>
    private static async Task<(double First, double Second)> TwoGetObjectsAsync(ServerProcess process, string name)
    {
        using var http = Load.Http(1);
        var mcp = new McpHttp(http, new Uri(process.BaseAddress, "mcp"), McpEra.Stateless2025);
        static JsonObject Call() => new() { ["name"] = "get_objects", ["arguments"] = GetObjectsArguments(20) };
        var started = Stopwatch.GetTimestamp();
        CheckTwenty(await mcp.PostAsync("tools/call", Call(), CancellationToken.None), name);
        var first = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
        CheckTwenty(await mcp.PostAsync("tools/call", Call(), CancellationToken.None), name);
        return (first, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static async Task<System.Net.HttpStatusCode> ReadinessStatusAsync(Uri baseAddress)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri(baseAddress, "health/ready"));
        return response.StatusCode;
    }

    /// <summary>Readiness as an orchestrator sees it: <c>/health/ready</c> answers 200 (503 while the server warms up).</summary>
    private static async Task<bool> ReadyAnswers(HttpClient http, Uri baseAddress)
    {
        using var response = await http.GetAsync(new Uri(baseAddress, "health/ready"));
        return response.IsSuccessStatusCode;
    }

    private static void CheckTwenty(string body, string who)
    {
        // The tool's text is JSON inside a JSON string: quotes arrive escaped, as \u0022 or \".
        if (!body.Contains("returned\\u0022:20", StringComparison.Ordinal) && !body.Contains("returned\\\":20", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{who}: get_objects did not return 20 records: {body[..Math.Min(300, body.Length)]}");
        }
    }

    /// <summary>Readiness for the cold-start measure: a stateless tools/list that answers 200 with the catalog.</summary>
    private static async Task<bool> ToolsListAnswers(HttpClient http, Uri baseAddress)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "mcp"))
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-11-25");
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"get_objects\"", StringComparison.Ordinal);
    }

    /// <summary>Mixed load for a bounded time on loopback: error rate and resident memory over time.</summary>
    public static async Task<JsonObject> SoakAsync(TimeSpan duration, int workers)
    {
        await using var server = await ServerProcess.StartOursAsync();
        using var http = Load.Http(workers);
        var rss = new JsonArray();
        var calls = 0;
        var errors = 0;
        var firstErrors = new List<string>();
        using var stop = new CancellationTokenSource(duration);
        var sampler = Task.Run(async () =>
        {
            var clock = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested)
            {
                rss.Add(new JsonObject { ["t_s"] = Round(clock.Elapsed.TotalSeconds), ["rss_mb"] = Round(server.ResidentMegabytes()) });
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        var tasks = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var mcp = new McpHttp(http, new Uri(server.BaseAddress, "mcp"));
            await mcp.InitializeAsync(CancellationToken.None);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var (tool, arguments) = (i % 6) switch
                {
                    0 => ("get_objects", GetObjectsArguments(20)),
                    1 => ("get_objects", new JsonObject { ["object_type"] = "contacts", ["condition"] = "spent > 500 AND state = \"CA\"", ["fields"] = new JsonArray("firstname", "spent") }),
                    2 => ("update_object", new JsonObject { ["object_type"] = "contacts", ["id"] = 1 + ((worker * 7 + i) % 150), ["values"] = new JsonObject { ["title"] = $"soak {i}" } }),
                    3 => ("saveorupdate_object", new JsonObject { ["object_type"] = "contacts", ["values"] = new JsonObject { ["email"] = $"soak{worker}-{i % 50}@example.com", ["firstname"] = "Soak" } }),
                    4 => ("delete_objects", new JsonObject { ["object_type"] = "contacts", ["condition"] = "spent > 100000", ["dry_run"] = true }),
                    _ => ("get_objects", new JsonObject { ["object_type"] = "deals", ["limit"] = 10, ["sort"] = "value", ["sort_dir"] = "desc" }),
                };
                try
                {
                    var answer = await mcp.CallToolAsync(tool, arguments, CancellationToken.None);
                    Interlocked.Increment(ref calls);
                    if (answer["result"]?["isError"]?.GetValue<bool>() == true)
                    {
                        Interlocked.Increment(ref errors);
                        lock (firstErrors)
                        {
                            if (firstErrors.Count < 5)
                            {
                                firstErrors.Add($"{tool}: {McpHttp.ToolText(answer)}");
                            }
                        }
                    }
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref errors);
                    lock (firstErrors)
                    {
                        if (firstErrors.Count < 5)
                        {
                            firstErrors.Add($"{tool}: {ex.Message}");
                        }
                    }
                }
            }
        })).ToList();
        await Task.WhenAll(tasks);
        await sampler;
        rss.Add(new JsonObject { ["t_s"] = Round(duration.TotalSeconds), ["rss_mb"] = Round(server.ResidentMegabytes()) });
        return new JsonObject
        {
            ["minutes"] = Round(duration.TotalMinutes),
            ["workers"] = workers,
            ["calls"] = calls,
            ["errors"] = errors,
            ["error_rate"] = calls == 0 ? 0 : (double)errors / calls, // not rounded: 7 in 842,562 is not 0
            ["first_errors"] = new JsonArray([.. firstErrors.Select(e => (JsonNode)e)]),
            ["rss_samples"] = rss,
        };
    }

    public static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 3) : 0;
}
