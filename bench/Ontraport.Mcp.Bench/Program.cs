using System.Globalization;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Ontraport.Mcp.Bench;

// dotnet run -c Release --project bench/Ontraport.Mcp.Bench -- <all|latency|throughput|size|ratelimit|startup|micro|soak> [--quick] [--minutes N] [--no-reference]
//   compare <baseline Ontraport.Mcp.Server.dll> [--runs N]   the current endpoint against a baseline build, side by side
//   coldstart <publish folder> [--baseline <folder>] [--bare <folder>] [--runs N]  spawn -> first tools/list, first/second get_objects, RSS
//   drive <endpoint url> [--seconds N] [--clients N] [--2026] [--direct] load for a profiler attached to a running server
//   micro-redaction [--quick]                                the answer's redaction pre-check, old vs SearchValues (BenchmarkDotNet)
//   instances [--quick] [--baseline <old dll>]               two instances sharing one Redis vs one instance (issue 13); old vs new per call
//   oauth [--quick] [--in-process]                           a signed-in (OAuth) call against an endpoint-token call, interleaved
//   oauth --baseline <dll> [--baseline <dll>] [--quick]      the same over HTTP for each build and this one, in one run, SQL commands per call
//   report                                                   rewrite the page from docs/benchmarks.json
var command = args.FirstOrDefault() ?? "all";
string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var runs = int.Parse(Option("--runs", "2"), CultureInfo.InvariantCulture);
var quick = args.Contains("--quick");
var minutes = args.SkipWhile(a => a != "--minutes").Skip(1).Select(a => double.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(10);
var withReference = !args.Contains("--no-reference");
// A single measurement refreshes its part of docs/benchmarks.json and regenerates the page; "all" refreshes everything.
var stored = Path.Combine(Paths.Root, "docs", "benchmarks.json");
var results = command != "all" && File.Exists(stored) ? JsonNode.Parse(File.ReadAllText(stored))!.AsObject() : [];
var now = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
if (command == "all" || results["generated_at"] is null)
{
    results["generated_at"] = now;
    results["machine"] = Report.Machine();
}

async Task Step(string name, Func<Task<JsonNode>> measure)
{
    Console.WriteLine($"== {name}");
    var load = Report.Machine()["load_average"]?.GetValue<string>();
    var result = await measure();
    if (result is JsonObject measured && load is not null)
    {
        // How busy the (possibly shared) machine was when this measurement started.
        measured["load_average_at_start"] = load;
    }

    if (command != "all" && result is JsonObject single)
    {
        // Refreshed on its own: say when, where and how, since the page's header dates the full run.
        single["measured_at"] = now;
        single["machine"] = Report.Machine();
        single["command"] = $"dotnet run -c Release --project bench/Ontraport.Mcp.Bench -- {string.Join(' ', args)}";
    }

    results[name] = result;
    Console.WriteLine(result.ToJsonString(McpHttp.Pretty));
}

var warmup = TimeSpan.FromSeconds(quick ? 1 : 3);
var duration = TimeSpan.FromSeconds(quick ? 3 : 10);
// Time to reach steady-state JIT code before measuring (tiering settles after ~4,000 get_objects calls).
var steady = TimeSpan.FromSeconds(quick ? 5 : 20);
switch (command)
{
    case "latency":
        await Step("latency", async () => await Measurements.LatencyAsync(quick ? 300 : 2000, steady));
        await Step("latency_remote", async () => await Measurements.LatencyAsync(quick ? 30 : 100, steady, TimeSpan.FromMilliseconds(100)));
        break;
    case "throughput":
        await Step("throughput", async () => await Measurements.ThroughputAsync(steady, warmup, duration, withReference));
        break;
    case "size":
        await Step("size", async () => await Measurements.ResultSizeAsync());
        break;
    case "ratelimit":
        await Step("rate_limit", async () => await Measurements.RateLimitAsync(60, 4, TimeSpan.FromSeconds(quick ? 125 : 185)));
        break;
    case "startup":
        await Step("startup", async () => await Measurements.StartupAsync(5));
        break;
    case "micro":
        await Step("micro", () => Task.FromResult<JsonNode>(Micro(quick)));
        break;
    case "micro-redaction":
        // The answer's redaction pre-check, old vs SearchValues prototype, in one BenchmarkDotNet run (profile.md).
        // In process: no generated project to build on a loaded machine; the three rows share that one process.
        Console.WriteLine(MicroOf<RedactionBenchmarks>(quick, inProcess: true).ToJsonString());
        return 0;
    case "compare" when args.Length > 1:
        await Step("compare", async () => await Compare.EndpointsAsync(Path.GetFullPath(args[1]), runs, quick ? 200 : 800, TimeSpan.FromSeconds(quick ? 4 : 16),
            TimeSpan.FromSeconds(quick ? 0.5 : 1.5), TimeSpan.FromSeconds(quick ? 1 : 4)));
        break;
    case "alloc" when args.Length > 1: return await Allocations.RunAsync(args); // alloc <baseline dll> [--calls N] [--rounds N]: bytes per call, old vs new
    case "node" when args.Length > 1:
        await Step("node", async () => await NodeServer.CompareAsync(Path.GetFullPath(args[1]), Option("--node-bin", "node"), args.Contains("--baseline") ? Path.GetFullPath(Option("--baseline", "")) : null, quick ? 200 : 1000, quick ? 50 : 300));
        break;
    case "coldstart" when args.Length > 1:
        // coldstart <published folder> [--baseline <published folder>] [--bare <published folder>] [--runs N]: the
        // builds published the same way (dotnet publish -c Release), taking turns; without --baseline, against the
        // worktree's dotnet build.
        static string Dll(string path, string name) => File.Exists(path) ? Path.GetFullPath(path) : Path.Combine(Path.GetFullPath(path), name);
        List<(string, string)> builds = [("this commit, published", Dll(args[1], "Ontraport.Mcp.Server.dll"))];
        builds.Insert(0, Option("--baseline", "") is { Length: > 0 } baseline ? ("baseline, published", Dll(baseline, "Ontraport.Mcp.Server.dll")) : ("dotnet build -c Release", ServerProcess.OursDll));
        if (Option("--bare", "") is { Length: > 0 } bare)
        {
            builds.Add(("bare `dotnet new web`, published", Dll(bare, "BareWeb.dll")));
        }

        // --also <published folder> (repeatable): more builds in the same run, e.g. both apps published another way
        // (self-contained composite ReadyToRun); a folder with BareWeb.dll is a bare app, any other a server.
        for (var i = 2; i < args.Length - 1; i++)
        {
            if (args[i] == "--also")
            {
                var folder = Path.GetFullPath(args[i + 1]);
                builds.Add(($"{Path.GetFileName(folder.TrimEnd('/'))} (--also)", File.Exists(Path.Combine(folder, "BareWeb.dll")) ? Path.Combine(folder, "BareWeb.dll") : Dll(folder, "Ontraport.Mcp.Server.dll")));
            }
        }

        await Step("coldstart", async () => await Measurements.ColdStartAsync(builds, int.Parse(Option("--runs", "5"), CultureInfo.InvariantCulture)));
        break;
    case "drive" when args.Length > 1:
        Console.WriteLine((await Compare.DriveAsync(new Uri(args[1]), int.Parse(Option("--clients", "1"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Option("--seconds", "20"), CultureInfo.InvariantCulture)), args.Contains("--2026") ? McpEra.Sessionless2026 : McpEra.Stateless2025, args.Contains("--direct"))).ToJsonString());
        return 0;
    case "instances":
        // instances [--baseline <old Ontraport.Mcp.Server.dll>]: with a baseline, old and new added-per-call side by side.
        await Step("instances", async () => await Instances.MeasureAsync(quick ? 300 : 2000, steady, warmup, duration,
            Option("--baseline", "") is { Length: > 0 } old ? Path.GetFullPath(old) : null));
        break;
    case "oauth" when args.Contains("--baseline"):
        // oauth --baseline <old dll> [--baseline <older dll>]: each build's oauth-mode vs endpoint-token call, one run.
        List<(string, string)> oauthBuilds = [.. args.Select((a, i) => (a, i)).Where(x => x.a == "--baseline" && x.i + 1 < args.Length)
            .Select(x => (Path.GetFullPath(args[x.i + 1]), Path.GetFullPath(args[x.i + 1])))];
        oauthBuilds.Add(("this commit, dotnet build -c Release", ServerProcess.OursDll));
        await Step("oauth_builds", async () => await OAuthCost.CompareBuildsAsync(oauthBuilds, quick ? 500 : 3000));
        break;
    case "oauth":
        await Step("oauth", async () => await OAuthCost.MeasureAsync(quick ? 5000 : 40000, args.Contains("--in-process") ? 0 : quick ? 500 : 3000));
        break;
    case "report":
        // Rewrite docs/benchmarks.md and .svg from the stored benchmarks.json (and profile.md), measuring nothing.
        break;
    case "soak":
        await Step("soak", async () => await Measurements.SoakAsync(TimeSpan.FromMinutes(minutes), 8));
        break;
    case "all":
        await Step("startup", async () => await Measurements.StartupAsync(5));
        await Step("latency", async () => await Measurements.LatencyAsync(quick ? 300 : 2000, steady));
        await Step("latency_remote", async () => await Measurements.LatencyAsync(quick ? 30 : 100, steady, TimeSpan.FromMilliseconds(100)));
        await Step("size", async () => await Measurements.ResultSizeAsync());
        await Step("throughput", async () => await Measurements.ThroughputAsync(steady, warmup, duration, withReference));
        await Step("micro", () => Task.FromResult<JsonNode>(Micro(quick)));
        await Step("rate_limit", async () => await Measurements.RateLimitAsync(60, 4, TimeSpan.FromSeconds(quick ? 125 : 185)));
        break;
    default:
        Console.Error.WriteLine("usage: <all|latency|throughput|size|ratelimit|startup|micro|soak> [--quick] [--minutes N] [--no-reference]");
        Console.Error.WriteLine("       compare <baseline dll> [--runs N] | coldstart <publish folder> [--baseline <folder>] [--bare <folder>] [--runs N] | drive <endpoint url> [--seconds N] [--clients N] [--2026] [--direct]");
        return 2;
}

Report.Write(results, Path.Combine(Paths.Root, "docs"));
Console.WriteLine("Wrote docs/benchmarks.md, docs/benchmarks.json and docs/benchmarks.svg");
return 0;

static JsonArray Micro(bool quick) => MicroOf<HotPathBenchmarks>(quick);

static JsonArray MicroOf<T>(bool quick, bool inProcess = false)
{
    var job = quick ? Job.ShortRun : Job.Default.WithWarmupCount(3).WithIterationCount(10);
    job = inProcess ? job.WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance) : job;
    var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);
    var summary = BenchmarkRunner.Run<T>(config);
    var rows = new JsonArray();
    foreach (var report in summary.Reports)
    {
        var mean = report.ResultStatistics?.Mean ?? double.NaN;
        rows.Add(new JsonObject
        {
            ["name"] = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo,
            ["mean"] = mean >= 1_000_000 ? $"{mean / 1_000_000:0.00} ms" : mean >= 1000 ? $"{mean / 1000:0.00} µs" : $"{mean:0} ns",
            ["allocated"] = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) is long bytes ? $"{bytes:N0} B" : "n/a",
        });
    }

    return rows;
}
