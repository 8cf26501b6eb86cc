using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Bench;

/// <summary>The sections of docs/benchmarks.md for the side-by-side measures: old vs new endpoint, cold start, SSE bytes, the profile.</summary>
public static class ReportCompare
{
    private const string Old = "old 2025-11-25";
    private const string New = "new 2025-11-25";
    private const string New2026 = "new 2026-07-28";

    public static void Endpoints(StringBuilder md, JsonObject r)
    {
        if (r["compare"] is not JsonObject c)
        {
            return;
        }

        md.AppendLine("## Old build vs new build");
        md.AppendLine();
        md.AppendLine($"A baseline build (`{c["baseline_dll"]}`) against this one, " +
            "both Release builds, as two processes on loopback **at the same time**, after the same warm-up " +
            $"({c["warmup_s"]} s per process of two clients looping tools/list + get_objects, in alternating slices). " +
            "The side-by-side speaks 2025-11-25 without initialize (stateless POSTs with `MCP-Protocol-Version: 2025-11-25`, which both serve); the new one is also measured in " +
            "2026-07-28 (`MCP-Protocol-Version: 2026-07-28`, `Mcp-Method`, `Mcp-Name`, and `_meta` with `io.modelcontextprotocol/protocolVersion` and `clientCapabilities`).");
        md.AppendLine();
        md.AppendLine("```bash");
        md.AppendLine("git worktree add /tmp/baseline <baseline commit> && (cd /tmp/baseline && dotnet build -c Release src/Ontraport.Mcp.Server)");
        md.AppendLine("dotnet build -c Release src/Ontraport.Mcp.Server && dotnet build -c Release bench/Ontraport.Mcp.Bench");
        md.AppendLine("dotnet bench/Ontraport.Mcp.Bench/bin/Release/net10.0/Ontraport.Mcp.Bench.dll compare /tmp/baseline/src/Ontraport.Mcp.Server/bin/Release/net10.0/Ontraport.Mcp.Server.dll --runs 2");
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine($"Latency: one client, {c["iterations"]} iterations; each iteration calls every target once (the order rotating), a `get_objects` of 20 contacts then a `tools/list`, " +
            "and a direct `GET /sandbox/1/objects?objectID=0&range=20` on the new process. Throughput: N clients loop one operation on one target for " +
            $"{c["load_s"]} s after {c["load_warmup_s"]} s; the targets take turns, the first one rotating per operation. Two rounds on the same processes show the spread. " +
            "In the new / old column a latency above 1 means the new endpoint is slower, a rate above 1 that it is faster." +
            (c["load_average_at_start"] is { } load ? $" Load average when the run started: {load} (other agents were building on the same 2 cores)." : ""));
        md.AppendLine();

        var runs = (c["runs"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        string summary;
        md.AppendLine("| measure | run | old | new | new / old | new, 2026-07-28 |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var (key, label) in new[] { ("get_objects_p50_ms", "get_objects p50 ms"), ("get_objects_p99_ms", "get_objects p99 ms"), ("tools_list_p50_ms", "tools/list p50 ms"), ("tools_list_p99_ms", "tools/list p99 ms") })
        {
            foreach (var run in runs)
            {
                var rows = (run["latency"]!["rows"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(x => x["target"]!.GetValue<string>());
                Row(md, label, run["run"]!, rows[Old][key], rows[New][key], rows[New2026][key]);
            }
        }

        foreach (var operation in new[] { "tools/list", "get_objects" })
        {
            foreach (var clients in new[] { 1, 8, 64 })
            {
                foreach (var run in runs)
                {
                    var rows = (run["throughput"] as JsonArray ?? []).OfType<JsonObject>()
                        .Where(x => x["operation"]!.GetValue<string>() == operation && x["clients"]!.GetValue<int>() == clients)
                        .ToDictionary(x => x["target"]!.GetValue<string>());
                    Row(md, $"{operation} req/s, {clients} client{(clients == 1 ? "" : "s")}", run["run"]!, rows[Old]["requests_per_second"], rows[New]["requests_per_second"], rows[New2026]["requests_per_second"]);
                }
            }
        }

        // The verdict in one line: the geometric mean of new / old over every round, per kind of figure.
        var p50 = runs.SelectMany(run =>
        {
            var rows = ((JsonArray)run["latency"]!["rows"]!).OfType<JsonObject>().ToDictionary(x => x["target"]!.GetValue<string>());
            return new[] { "get_objects_p50_ms", "tools_list_p50_ms" }.Select(key => Number(rows[New][key]!) / Number(rows[Old][key]!));
        }).ToList();
        var rates = runs.SelectMany(run =>
        {
            var rows = ((JsonArray)run["throughput"]!).OfType<JsonObject>()
                .ToDictionary(x => (x["target"]!.GetValue<string>(), x["operation"]!.GetValue<string>(), x["clients"]!.GetValue<int>()));
            return rows.Where(x => x.Key.Item1 == New).Select(x => Number(x.Value["requests_per_second"]!) / Number(rows[(Old, x.Key.Item2, x.Key.Item3)]["requests_per_second"]!));
        }).ToList();
        summary = $"Over {runs.Count} rounds, new / old is {Geomean(p50):0.00} for the p50 latencies (geometric mean, {p50.Min():0.00}–{p50.Max():0.00}) and {Geomean(rates):0.00} for the request rates ({rates.Min():0.00}–{rates.Max():0.00}).";
        Row(md, "idle RSS MB after warm-up", null, c["idle_rss_mb"]!["old"], c["idle_rss_mb"]!["new"], null);
        Row(md, "peak RSS MB (whole run)", null, c["peak_rss_mb"]!["old"], c["peak_rss_mb"]!["new"], null);
        md.AppendLine();
        md.AppendLine(summary);
        md.AppendLine();
        foreach (var run in runs)
        {
            var rows = ((JsonArray)run["latency"]!["rows"]!).OfType<JsonObject>().ToDictionary(x => x["target"]!.GetValue<string>());
            var direct = run["latency"]!["direct_get_p50_ms"]!;
            md.AppendLine($"Direct GET of the same page in run {run["run"]}: p50 {direct} ms, p99 {run["latency"]!["direct_get_p99_ms"]} ms; " +
                $"get_objects p50 / direct GET p50: old {Ratio(rows[Old]["get_objects_p50_ms"], direct)}, new {Ratio(rows[New]["get_objects_p50_ms"], direct)}, new in 2026-07-28 {Ratio(rows[New2026]["get_objects_p50_ms"], direct)}.");
        }

        md.AppendLine();
        if (c["sse_bytes"] is JsonArray sse)
        {
            md.AppendLine("### SSE answer bytes");
            md.AppendLine();
            md.AppendLine("The whole SSE body of one `get_objects` answer against the UTF-8 bytes of the tool's text inside it. The SDK's writer sends every `\"` of the text as `\\u0022` (6 bytes); " +
                "since issue 22 the endpoint rewrites the body to what `UnsafeRelaxedJsonEscaping` writes (`Hosting/RelaxedJsonResponse.cs`): `\\\"` (2 bytes), the one escape JSON requires for a quote inside a string.");
            md.AppendLine();
            md.AppendLine("| target | contacts | SSE body bytes | tool text bytes | body / text | `\\u0022` in body |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var row in sse.OfType<JsonObject>())
            {
                md.AppendLine($"| {row["target"]} | {row["contacts"]} | {row["sse_body_bytes"]} | {row["tool_text_bytes"]} | {Ratio(row["sse_body_bytes"], row["tool_text_bytes"])} | {row["escaped_quotes"]} |");
            }

            md.AppendLine();
        }
    }

    public static void Node(StringBuilder md, JsonObject r)
    {
        if (r["node"] is not JsonObject n)
        {
            return;
        }

        md.AppendLine("## Against the other open-source Ontraport MCP server (Node)");
        md.AppendLine();
        md.AppendLine("landonray/Mcp-server (Express + the MCP TypeScript SDK's `StreamableHTTPServerTransport`, JSON responses, a session per client) " +
            $"on {n["node_version"]}, its `BASE_URL` pointed at our embedded sandbox (`/sandbox/1`, the one line the bench changes in a temporary copy), so both read the same emulator. " +
            $"One client, {n["iterations"]} rounds after {n["warmup_rounds"]} unmeasured ones; each round reads 20 contacts once from every target, the order rotating: " +
            "ours `get_objects` (`limit: 20`, 2025-11-25 stateless POST), theirs `search_contacts` (`range: 20`, in its initialized session), then the same page by direct GET." +
            (n["load_average_at_start"] is { } load ? $" Load average when the run started: {load}." : ""));
        md.AppendLine();
        md.AppendLine("```bash");
        md.AppendLine("git clone <landonray/Mcp-server> /tmp/nodeop && (cd /tmp/nodeop && npm ci --omit=dev)");
        md.AppendLine("dotnet bench/Ontraport.Mcp.Bench/bin/Release/net10.0/Ontraport.Mcp.Bench.dll node /tmp/nodeop --baseline /work/baseline/src/Ontraport.Mcp.Server/bin/Release/net10.0/Ontraport.Mcp.Server.dll");
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("| target | p50 ms | p99 ms | p50 / Node's | tool text chars | body chars |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in (n["rows"] as JsonArray ?? []).OfType<JsonObject>())
        {
            md.AppendLine($"| {row["target"]} | {row["p50_ms"]} | {row["p99_ms"]} | {row["p50_vs_node"]} | {row["tool_text_chars"]} | {row["body_chars"]} |");
        }

        md.AppendLine();
        md.AppendLine("The two answers are not the same work: theirs returns Ontraport's records whole (every field, as the API gives them), ours the compact list-view columns " +
            "(`get_objects` without `fields`), so part of the gap is bytes. Both parse the same upstream page; the table says how much each sends on.");
        md.AppendLine();
        md.AppendLine($"Direct GET `/sandbox/1/Contacts?range=20`: p50 {n["direct_get_p50_ms"]} ms, p99 {n["direct_get_p99_ms"]} ms.");
        md.AppendLine();
    }

    public static void ColdStart(StringBuilder md, JsonObject r)
    {
        if (r["coldstart"] is not JsonObject cs)
        {
            return;
        }

        md.AppendLine("## Cold start: baseline vs this commit vs a bare web app");
        md.AppendLine();
        md.AppendLine($"Spawn (`dotnet <app>.dll`) to the first 200 answer of a stateless `tools/list` (polled every 5 ms), then the first and second `get_objects` (20 contacts), and the resident memory 1 s after them; the builds take turns (the order reverses every run), {cs["runs"]} starts each. " +
            "All are published the same way (`dotnet publish -c Release`: ReadyToRun for this machine's runtime identifier, framework-dependent). The bare app is `dotnet new web` whose `POST /mcp` answers a fixed tools/list." +
            (cs["load_average_at_start"] is { } load ? $" Load average when the run started: {load}." : ""));
        md.AppendLine();
        md.AppendLine("```bash");
        md.AppendLine("git worktree add /tmp/baseline <baseline commit>   # or git archive <commit> | tar -x -C /tmp/baseline");
        md.AppendLine("dotnet publish /tmp/baseline/src/Ontraport.Mcp.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /tmp/cs/old");
        md.AppendLine("dotnet publish src/Ontraport.Mcp.Server -c Release -o /tmp/cs/new");
        md.AppendLine("dotnet new web -o /tmp/cs/baresrc -n BareWeb   # + app.MapPost(\"/mcp\", ...) answering a fixed tools/list");
        md.AppendLine("dotnet publish /tmp/cs/baresrc -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /tmp/cs/bare");
        md.AppendLine("dotnet run -c Release --project bench/Ontraport.Mcp.Bench -- coldstart /tmp/cs/new --baseline /tmp/cs/old --bare /tmp/cs/bare --runs 6");
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("| build | first tools/list after spawn, median (min–max) ms | first get_objects right after it, median (min–max) ms | second get_objects, median ms | first / second | RSS after the first calls, median MB | `/health/ready` 200 after spawn, median (min–max) ms | first / second get_objects after ready, median ms | first / second after ready |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var row in (cs["builds"] as JsonArray ?? []).OfType<JsonObject>())
        {
            md.AppendLine($"| {row["build"]} | {row["first_tools_list_median_ms"]} ({row["first_tools_list_min_ms"]}–{row["first_tools_list_max_ms"]}) | " +
                (row["first_get_objects_median_ms"] is null ? "– | – | – | " :
                    $"{row["first_get_objects_median_ms"]} ({row["first_get_objects_min_ms"]}–{row["first_get_objects_max_ms"]}) | {row["second_get_objects_median_ms"]} | {row["first_to_second_ratio"]}× | ") +
                $"{row["rss_after_first_calls_median_mb"]} | " +
                (row["ready_median_ms"] is null ? "– | – | – |" :
                    $"{row["ready_median_ms"]} ({row["ready_min_ms"]}–{row["ready_max_ms"]}) | {row["first_get_objects_after_ready_median_ms"]} / {row["second_get_objects_after_ready_median_ms"]} | {row["first_to_second_after_ready_ratio"]}× |"));
        }

        md.AppendLine();
        md.AppendLine("What the first call paid for (a JIT log, `DOTNET_JitStdOutFile=… DOTNET_JitDisasmSummary=1`, of the ReadyToRun baseline: methods compiled while serving each step): " +
            "about 2,400 methods to the first `tools/list`, about 930 more for the first `get_objects`, 30 for the second. ReadyToRun cannot hold them: they are generic instantiations over value types " +
            "from other assemblies (`Dictionary<int,…>`, `SortedSet<KeyValuePair<long,…>>`, System.Text.Json's `JsonPropertyInfo<int?>`, Polly's `Outcome<T>` state machines), reflection stubs " +
            "(the SDK invokes the tool method and builds its fast path at the second call) and dependency injection's compiled resolvers (also built at the second resolution). " +
            "So the server now does that work itself right after the start (Hosting/Warmup.cs): twice one `tools/list` and one `get_objects` through its own request pipeline, " +
            "without a socket, on a private sandbox, counted in no metric, span, log line, audit line or rate limit; after it the first real `get_objects` compiled 21–84 methods in three probes " +
            "instead of 930–1,070. In account mode it also reads the account's metadata with the configured credentials, so the first call does not. " +
            "`/health` and the endpoint do not wait for it: a call that arrives meanwhile is served as without the warm-up, and shares the compiling already done. " +
            "`/health/ready` answers 503 until it has run (readiness, for load balancers and orchestrators): the last three columns start each process again and make the two calls once it answers 200.");
        md.AppendLine();
        md.AppendLine("The Docker image publishes ReadyToRun for the target's runtime identifier (`TARGETARCH` amd64 → linux-x64, arm64 → linux-arm64).");
        md.AppendLine();
    }

    /// <summary>The hand-written analysis of the profile (bench/Ontraport.Mcp.Bench/profile.md), appended as it is.</summary>
    public static void Profile(StringBuilder md)
    {
        var path = Path.Combine(Paths.Root, "bench", "Ontraport.Mcp.Bench", "profile.md");
        if (File.Exists(path))
        {
            md.AppendLine(File.ReadAllText(path).TrimEnd());
            md.AppendLine();
        }
    }

    private static void Row(StringBuilder md, string label, JsonNode? run, JsonNode? old, JsonNode? current, JsonNode? current2026) =>
        md.AppendLine($"| {label} | {run} | {old} | {current} | {Ratio(current, old)} | {current2026?.ToString() ?? "—"} |");

    private static string Ratio(JsonNode? a, JsonNode? b) =>
        a is null || b is null ? "" : (Number(a) / Math.Max(0.001, Number(b))).ToString("0.00", CultureInfo.InvariantCulture);

    private static double Geomean(List<double> values) => values.Count == 0 ? double.NaN : Math.Exp(values.Average(Math.Log));

    // Integers and doubles alike, whether the node was just built or read back from benchmarks.json.
    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);
}
