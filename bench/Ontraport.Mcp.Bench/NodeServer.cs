using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Bench;

/// <summary>
/// The other open-source Ontraport MCP server (Node, on the MCP TypeScript SDK: Express + StreamableHTTPServerTransport
/// with JSON responses, a session per client, tools such as <c>search_contacts</c>) against ours, on the same emulator:
/// our server's embedded sandbox at <c>/sandbox/1</c>. Its source is not in this repository: pass a checkout with its
/// <c>node_modules</c> installed. The bench copies it to a temporary folder and changes one line there, its
/// <c>BASE_URL</c> (<c>https://api.ontraport.com/1</c>) to the sandbox; nothing else of it is touched.
/// </summary>
public static class NodeServer
{
    private const string UpstreamBase = "https://api.ontraport.com/1";

    /// <summary>
    /// One client, <paramref name="iterations"/> rounds; each round reads 20 contacts once from every target (the
    /// order rotating), then the same page by direct GET from the sandbox. Ours speaks 2025-11-25 without initialize;
    /// theirs initializes once (it keeps a session).
    /// </summary>
    public static async Task<JsonObject> CompareAsync(string checkout, string nodeBinary, string? baselineDll, int iterations, int warmup)
    {
        await using var ours = await ServerProcess.StartOursAsync();
        await using var old = baselineDll is null ? null : await ServerProcess.StartOursAsync(dll: baselineDll);
        var copy = PatchedCopy(checkout, new Uri(ours.BaseAddress, "sandbox/1"));
        try
        {
            await using var node = await ServerProcess.StartNodeAsync(nodeBinary, Path.Combine(copy, "src", "index.js"), copy);
            using var http = Load.Http(1);
            using var nodeHttp = Load.Http(1);
            nodeHttp.DefaultRequestHeaders.Add("Api-Appid", "bench-node");
            nodeHttp.DefaultRequestHeaders.Add("Api-Key", "bench");
            var theirs = new McpHttp(nodeHttp, new Uri(node.BaseAddress, "v1"), McpEra.Initialized2025);
            await theirs.InitializeAsync(CancellationToken.None);

            var targets = new List<(string Name, Func<Task<string>> Read)>
            {
                ("ours (new)", () => new McpHttp(http, new Uri(ours.BaseAddress, "mcp"), McpEra.Stateless2025).PostAsync("tools/call", OurRead, CancellationToken.None)),
                ("node (landonray/Mcp-server)", () => theirs.PostAsync("tools/call", TheirRead, CancellationToken.None)),
            };
            if (old is not null)
            {
                targets.Add(("ours (old)", () => new McpHttp(http, new Uri(old.BaseAddress, "mcp"), McpEra.Stateless2025).PostAsync("tools/call", OurRead, CancellationToken.None)));
            }

            // Both answers are checked once: 20 contacts each, no error; their sizes go into the rows.
            var sizes = new List<(int Text, int Body)>();
            foreach (var (name, read) in targets)
            {
                sizes.Add(Check(name, await read()));
            }

            for (var i = 0; i < warmup; i++)
            {
                foreach (var (_, read) in targets)
                {
                    await read();
                }
            }

            var samples = targets.Select(_ => new List<double>(iterations)).ToArray();
            var direct = new List<double>(iterations);
            for (var i = 0; i < iterations; i++)
            {
                for (var k = 0; k < targets.Count; k++)
                {
                    var t = (i + k) % targets.Count;
                    var started = Stopwatch.GetTimestamp();
                    await targets[t].Read();
                    samples[t].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                var start = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ours.BaseAddress, "sandbox/1/Contacts?range=20"));
                request.Headers.Add("Api-Appid", "bench-node");
                request.Headers.Add("Api-Key", "bench");
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsStringAsync();
                response.EnsureSuccessStatusCode();
                direct.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            var rows = new JsonArray();
            var nodeP50 = new Samples(samples[1]).P50;
            for (var t = 0; t < targets.Count; t++)
            {
                var s = new Samples(samples[t]);
                rows.Add(new JsonObject
                {
                    ["target"] = targets[t].Name,
                    ["p50_ms"] = Round(s.P50),
                    ["p99_ms"] = Round(s.P99),
                    ["p50_vs_node"] = Round(s.P50 / nodeP50),
                    ["tool_text_chars"] = sizes[t].Text,
                    ["body_chars"] = sizes[t].Body,
                });
                Console.WriteLine($"  {targets[t].Name}: p50 {s.P50:0.000} ms, p99 {s.P99:0.000} ms, {s.P50 / nodeP50:0.00}x the Node server");
            }

            var d = new Samples(direct);
            Console.WriteLine($"  direct GET /sandbox/1/Contacts?range=20: p50 {d.P50:0.000} ms, p99 {d.P99:0.000} ms");
            return new JsonObject
            {
                ["iterations"] = iterations,
                ["warmup_rounds"] = warmup,
                ["node"] = nodeBinary,
                ["node_version"] = NodeVersion(nodeBinary),
                ["rows"] = rows,
                ["direct_get_p50_ms"] = Round(d.P50),
                ["direct_get_p99_ms"] = Round(d.P99),
            };
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static JsonObject OurRead => new() { ["name"] = "get_objects", ["arguments"] = new JsonObject { ["object_type"] = "contacts", ["limit"] = 20 } };

    private static JsonObject TheirRead => new() { ["name"] = "search_contacts", ["arguments"] = new JsonObject { ["range"] = 20 } };

    private static (int Text, int Body) Check(string name, string body)
    {
        var json = body.TrimStart().StartsWith('{')
            ? body
            : body.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()).First(l => l.StartsWith('{'));
        var result = JsonNode.Parse(json)!["result"] ?? throw new InvalidOperationException($"{name}: no result: {json[..Math.Min(300, json.Length)]}");
        if (result["isError"]?.GetValue<bool>() == true)
        {
            throw new InvalidOperationException($"{name}: {json[..Math.Min(300, json.Length)]}");
        }

        var text = McpHttp.ToolText(JsonNode.Parse(json)!);
        var records = JsonNode.Parse(text) switch
        {
            JsonObject o when o["items"] is JsonArray items => items.Count,
            JsonObject o when o["data"] is JsonArray data => data.Count,
            JsonArray a => a.Count,
            var other => throw new InvalidOperationException($"{name}: unexpected answer {other?.ToJsonString()[..200]}"),
        };
        if (records != 20)
        {
            throw new InvalidOperationException($"{name}: {records} records, not 20");
        }

        Console.WriteLine($"  {name}: 20 contacts, {text.Length} characters of tool text, {body.Length} characters of body");
        return (text.Length, body.Length);
    }

    /// <summary>A copy of the checkout (node_modules linked, not copied) with only its base URL pointed at the sandbox.</summary>
    private static string PatchedCopy(string checkout, Uri sandbox)
    {
        var copy = Path.Combine(Path.GetTempPath(), "ontraport-node-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(checkout, "src"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(checkout, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.Copy(Path.Combine(checkout, "package.json"), Path.Combine(copy, "package.json"));
        Directory.CreateSymbolicLink(Path.Combine(copy, "node_modules"), Path.GetFullPath(Path.Combine(checkout, "node_modules")));
        var client = Path.Combine(copy, "src", "ontraport", "client.js");
        var source = File.ReadAllText(client);
        if (!source.Contains(UpstreamBase, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{client} no longer names {UpstreamBase}: the patch needs a look.");
        }

        File.WriteAllText(client, source.Replace(UpstreamBase, sandbox.ToString().TrimEnd('/'), StringComparison.Ordinal));
        return copy;
    }

    private static string NodeVersion(string nodeBinary)
    {
        using var process = Process.Start(new ProcessStartInfo(nodeBinary, ["--version"]) { RedirectStandardOutput = true })!;
        var version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return version;
    }

    private static double Round(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);
}
