using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Bench;

/// <summary>
/// Allocated bytes per call, a measure the machine's load does not move: the baseline build and this build run as
/// processes side by side, each with <see cref="StartupHook"/> loaded (<c>DOTNET_STARTUP_HOOKS</c>), which answers the
/// process's own <see cref="GC.GetTotalAllocatedBytes(bool)"/> (precise) and GC counts on a loopback port. Each target
/// is read before and after N sequential calls of one kind (a 20-contact <c>get_objects</c>, or the direct GET of the
/// same page from the server's sandbox), the targets taking turns; the probe's own allocations (one short line) and
/// the server's idle work (timers, logging) fall into every row alike.
/// </summary>
public static class Allocations
{
    private const string PortVariable = "ONTRAPORT_BENCH_ALLOC_PORT";

    /// <summary><c>alloc &lt;baseline dll&gt; [--calls N] [--rounds N]</c>: prints the rows as JSON; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        if (args.Contains("--types"))
        {
            await TypesAsync(Path.GetFullPath(args[1]), int.Parse(Option("--calls", "2000"), CultureInfo.InvariantCulture));
            return 0;
        }

        var result = await MeasureAsync(Path.GetFullPath(args[1]), int.Parse(Option("--calls", "2000"), CultureInfo.InvariantCulture),
            int.Parse(Option("--rounds", "2"), CultureInfo.InvariantCulture), int.Parse(Option("--warm", "1000"), CultureInfo.InvariantCulture));
        Console.WriteLine(result.ToJsonString(McpHttp.Pretty));
        return 0;
    }

    private sealed record Target(string Name, ServerProcess Server, int ProbePort, McpEra Era);

    public static async Task<JsonObject> MeasureAsync(string baselineDll, int calls, int rounds, int warm)
    {
        var hook = typeof(StartupHook).Assembly.Location;
        var (oldPort, newPort) = (FreePort(), FreePort());
        await using var old = await ServerProcess.StartOursAsync(Hooked(hook, oldPort), dll: baselineDll);
        await using var current = await ServerProcess.StartOursAsync(Hooked(hook, newPort));
        Target[] targets =
        [
            new("old 2025-11-25", old, oldPort, McpEra.Stateless2025),
            new("new 2025-11-25", current, newPort, McpEra.Stateless2025),
            new("new 2026-07-28", current, newPort, McpEra.Sessionless2026),
        ];

        using var http = Load.Http(1);
        foreach (var target in targets)
        {
            await ToolCallsAsync(http, target, warm);
            await DirectGetsAsync(http, target.Server, warm);
        }

        var load = Report.Machine()["load_average"]?.GetValue<string>();
        var samples = new Dictionary<string, List<(double Bytes, double Gcs)>>();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < targets.Length; k++)
            {
                var target = targets[(round + k) % targets.Length];
                Add(samples, $"{target.Name} get_objects (20 contacts)", await PerCallAsync(target.ProbePort, calls, () => ToolCallsAsync(http, target, calls)));
                if (target.Era == McpEra.Stateless2025)
                {
                    var who = target.Server == old ? "old" : "new";
                    Add(samples, $"{who} direct GET of the same page", await PerCallAsync(target.ProbePort, calls, () => DirectGetsAsync(http, target.Server, calls)));
                }
            }
        }

        var rows = new JsonArray();
        foreach (var (name, list) in samples)
        {
            var bytes = list.Select(s => s.Bytes).Order().ToList();
            rows.Add(new JsonObject
            {
                ["what"] = name,
                ["bytes_per_call"] = Math.Round(bytes[bytes.Count / 2]),
                ["bytes_per_call_rounds"] = new JsonArray([.. list.Select(s => (JsonNode)Math.Round(s.Bytes))]),
                ["gcs_per_1000_calls"] = Math.Round(list.Select(s => s.Gcs).Order().ElementAt(list.Count / 2), 2),
            });
            Console.WriteLine($"  {name}: {bytes[bytes.Count / 2],10:N0} B/call  ({string.Join(", ", list.Select(s => s.Bytes.ToString("N0", CultureInfo.InvariantCulture)))}); GCs/1000 calls {list.Select(s => s.Gcs).Order().ElementAt(list.Count / 2):0.0}");
        }

        return new JsonObject
        {
            ["baseline_dll"] = baselineDll,
            ["calls_per_row"] = calls,
            ["rounds"] = rounds,
            ["warmup_calls"] = warm,
            ["load_average_at_start"] = load,
            ["rows"] = rows,
            ["note"] = "Process-wide GC.GetTotalAllocatedBytes(precise: true) before/after N sequential calls (one client), median over rounds; GCs = collections of any generation (the gen0 count).",
        };
    }

    /// <summary>
    /// <c>alloc &lt;baseline dll&gt; --types</c>: which types each build's <c>get_objects</c> allocates, from the runtime's
    /// allocation samples (one per ~100 KB), after a warm-up; a guide to where the bytes go, not a measure.
    /// </summary>
    private static async Task TypesAsync(string baselineDll, int calls)
    {
        foreach (var (name, dll) in new[] { ("old", baselineDll), ("new", ServerProcess.OursDll) })
        {
            var port = FreePort();
            var environment = Hooked(typeof(StartupHook).Assembly.Location, port);
            environment["ONTRAPORT_BENCH_ALLOC_TYPES"] = "1";
            await using var server = await ServerProcess.StartOursAsync(environment, dll: dll);
            var target = new Target(name, server, port, McpEra.Stateless2025);
            using var http = Load.Http(1);
            await ToolCallsAsync(http, target, 500);
            await RawProbeAsync(port);
            await ToolCallsAsync(http, target, calls);
            Console.WriteLine($"== {name}: sampled bytes per call by type");
            foreach (var line in (await RawProbeAsync(port)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
            {
                var parts = line.Split(' ', 2);
                Console.WriteLine($"  {long.Parse(parts[0], CultureInfo.InvariantCulture) / calls,8:N0}  {parts[1]}");
            }
        }
    }

    private static async Task<string> RawProbeAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static void Add(Dictionary<string, List<(double, double)>> samples, string name, (double, double) sample)
    {
        if (!samples.TryGetValue(name, out var list))
        {
            samples[name] = list = [];
        }

        list.Add(sample);
    }

    private static Dictionary<string, string> Hooked(string hook, int port) => new()
    {
        ["DOTNET_STARTUP_HOOKS"] = hook,
        [PortVariable] = port.ToString(CultureInfo.InvariantCulture),
    };

    private static async Task<(double Bytes, double Gcs)> PerCallAsync(int port, int calls, Func<Task> work)
    {
        var before = await ProbeAsync(port);
        await work();
        var after = await ProbeAsync(port);
        return ((after.Bytes - before.Bytes) / (double)calls, (after.Gcs - before.Gcs) * 1000.0 / calls);
    }

    private static async Task<(long Bytes, long Gcs)> ProbeAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        var parts = (await reader.ReadLineAsync())!.Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture)); // gen0 counts every GC
    }

    private static async Task ToolCallsAsync(HttpClient http, Target target, int calls)
    {
        var mcp = new McpHttp(http, new Uri(target.Server.BaseAddress, "mcp"), target.Era);
        for (var i = 0; i < calls; i++)
        {
            var body = await mcp.PostAsync("tools/call", GetObjects(), CancellationToken.None);
            if (!body.Contains("returned\\u0022:20", StringComparison.Ordinal) && !body.Contains("returned\\\":20", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{target.Name}: get_objects did not return 20 records: {body[..Math.Min(300, body.Length)]}");
            }
        }
    }

    private static async Task DirectGetsAsync(HttpClient http, ServerProcess server, int calls)
    {
        var page = new Uri(server.BaseAddress, "sandbox/1/objects?objectID=0&range=20");
        for (var i = 0; i < calls; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Add("Api-Appid", "bench-direct");
            request.Headers.Add("Api-Key", "bench");
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
        }
    }

    private static JsonObject GetObjects() =>
        new() { ["name"] = "get_objects", ["arguments"] = new JsonObject { ["object_type"] = "contacts", ["limit"] = 20 } };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
