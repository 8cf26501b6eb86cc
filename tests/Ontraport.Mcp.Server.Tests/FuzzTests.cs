using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Generated malformed and hostile input, from a fixed seed so a failure reproduces: raw HTTP bodies and headers, and
/// tool arguments derived from every tool's schema (wrong types, huge arrays, deep nesting, odd unicode, injection strings
/// in conditions). Nothing may produce a 5xx, an unhandled exception, a stack trace in a response, or unbounded memory.
/// </summary>
[Collection(SerialTests.Name)]
public class FuzzTests
{
    private const int Seed = 20261122;

    private static readonly string[] Hostile =
    [
        "' OR 1=1 --", "\"; DROP TABLE contacts; --", "%", "%%%%", "_", "\\", "\u0000", "\u202e\u0645\u0631\u062d\u0628\u0627", "\ud83d\udca5\ud83d\udd25",
        "\ud800", "${jndi:ldap://x}", "../../etc/passwd", "<script>alert(1)</script>", "NaN", "-0", "1e309", "9223372036854775808",
        "-9223372036854775809", "null", "true", "[]", "{}", "((((((", "))))", "a AND", "OR OR", "IN ()", "= = =", "email IS NOT NULL",
        "date > 99999-99-99", "spent > $$$", "   ", "\t\n", new string('(', 300), "x" + new string(' ', 500) + "y", "contacts", "0",
        "-1", "2147483648", "Lifetime Value > 1000 AND (state = CA OR state = NY)", "date within last 99999999 days", "date = this millennium",
    ];

    [Fact]
    public async Task Ten_thousand_hostile_bodies_and_arguments_never_produce_a_5xx_or_an_unhandled_exception()
    {
        // Not a rate-limit test: at Ontraport's 180/min the run would mostly wait for the account's limiter.
        await using var host = new ServerHost(("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "100000"));
        var http = host.CreateClient();
        var random = new Random(Seed);
        var tools = await ToolSchemasAsync(http);

        var failures = new List<string>();
        var sent = 0;
        for (var i = 0; i < 4_000; i++)
        {
            var (body, contentType, accept) = RawBody(random);
            await SendAsync(http, body, contentType, accept, failures, $"raw #{i}");
            sent++;
        }

        // Memory is compared between two points late in the run, after JIT, caches and the bounded logs have filled:
        // a per-call leak keeps growing there, bounded buffers do not. This test runs alone.
        long? memoryMid = null;
        for (var i = 0; i < 6_500; i++)
        {
            if (i == 3_500)
            {
                memoryMid = Measure();
            }

            var (name, schema) = tools[random.Next(tools.Count)];
            var arguments = Arguments(random, schema);
            var body = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = i,
                ["method"] = "tools/call",
                ["params"] = new JsonObject { ["name"] = random.Next(50) == 0 ? Hostile[random.Next(Hostile.Length)] : name, ["arguments"] = arguments },
            }.ToJsonString();
            var answer = await SendAsync(http, body, "application/json", "application/json, text/event-stream", failures, $"{name} {Truncate(arguments?.ToJsonString())}");
            if (answer is not null && !answer.Contains("\"result\"", StringComparison.Ordinal) && !answer.Contains("\"error\"", StringComparison.Ordinal))
            {
                failures.Add($"{name}: no JSON-RPC result or error: {Truncate(answer)}");
            }

            sent++;
        }

        var growth = Measure() - memoryMid!.Value;

        Assert.True(sent >= 10_000);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(host.Logs.Errors.Count == 0, string.Join("\n", host.Logs.Errors.Take(5)));
        Assert.True(growth < 24 * 1024 * 1024, $"managed memory grew by {growth / 1024 / 1024} MB over the last 3,000 calls");
    }

    private static long Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task<string?> SendAsync(HttpClient http, string body, string contentType, string accept, List<string> failures, string what)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : null;
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-11-25");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 500)
        {
            failures.Add($"{(int)response.StatusCode} for {what}: {Truncate(text)}");
        }

        if (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal) ||
            text.Contains("An error occurred invoking", StringComparison.Ordinal))
        {
            // The last one is the SDK's fallback when an exception escapes the tool filter.
            failures.Add($"stack trace or exception text for {what}: {Truncate(text)}");
        }

        return response.StatusCode == HttpStatusCode.OK ? text : null;
    }

    private static (string Body, string ContentType, string Accept) RawBody(Random random)
    {
        const string accept = "application/json, text/event-stream";
        var body = random.Next(14) switch
        {
            0 => Encoding.Latin1.GetString([.. Enumerable.Range(0, random.Next(1, 200)).Select(_ => (byte)random.Next(256))]),
            1 => """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}"""[..random.Next(1, 120)],
            2 => $$$"""{"jsonrpc":"2.0","id":{{{Json(random)}}},"method":{{{Json(random)}}}}""",
            3 => $$$"""{"jsonrpc":{{{Json(random)}}},"id":1,"method":"ping"}""",
            4 => "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":" + new string('[', random.Next(10, 200)) + new string(']', random.Next(10, 200)) + "}",
            5 => "[" + string.Join(",", Enumerable.Repeat("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", random.Next(0, 5))) + "]",
            6 => $$$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{{{Json(random)}}}}""",
            7 => $$$"""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":{{{Json(random)}}}}}""",
            8 => $$$"""{"jsonrpc":"2.0","method":"notifications/{{{Hostile[random.Next(Hostile.Length)].Replace("\"", "", StringComparison.Ordinal)}}}"}""",
            9 => $$$"""{"jsonrpc":"2.0","id":1,"result":{{{Json(random)}}}}""",
            10 => $$$"""{"jsonrpc":"2.0","id":1,"error":{"code":{{{random.Next()}}},"message":{{{Json(random)}}}}}""",
            11 => "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" + new string('é', random.Next(1, 20_000)) + "\"}}",
            12 => $$$"""{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":{{{Json(random)}}}}}""",
            _ => $$$"""{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":{{{Json(random)}}}}}""",
        };
        var contentType = random.Next(10) == 0 ? new[] { "text/plain", "application/xml", "application/json; charset=latin1", "" }[random.Next(4)] : "application/json";
        return (body, contentType, random.Next(12) == 0 ? "text/html" : accept);
    }

    /// <summary>Arguments for one tool: mostly of the schema's shape with hostile values, often of the wrong shape.</summary>
    private static JsonObject? Arguments(Random random, JsonElement schema)
    {
        if (random.Next(30) == 0)
        {
            return null;
        }

        var arguments = new JsonObject();
        if (!schema.TryGetProperty("properties", out var properties))
        {
            return arguments;
        }

        foreach (var property in properties.EnumerateObject())
        {
            if (random.Next(3) == 0)
            {
                continue;
            }

            var type = property.Value.TryGetProperty("type", out var t)
                ? t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().First().GetString() : t.GetString()
                : null;
            arguments[property.Name] = random.Next(4) == 0 ? JsonNode.Parse(Json(random)) : Value(random, type, property.Name);
        }

        if (random.Next(8) == 0)
        {
            arguments[Hostile[random.Next(Hostile.Length)]] = JsonNode.Parse(Json(random));
        }

        return arguments;
    }

    private static JsonNode? Value(Random random, string? type, string name) => type switch
    {
        "integer" => random.Next(6) switch
        {
            0 => long.MaxValue,
            1 => long.MinValue,
            2 => -random.Next(1000),
            3 => 0,
            _ => random.Next(1, 2000),
        },
        "number" => random.Next(3) switch { 0 => -1e300, 1 => 0.000001, _ => random.NextDouble() * 10_000 },
        "boolean" => random.Next(2) == 0,
        "array" => new JsonArray([.. Enumerable.Range(0, random.Next(5) == 0 ? random.Next(400, 700) : random.Next(0, 5))
            .Select(_ => random.Next(2) == 0 ? (JsonNode?)random.Next(-5, 500) : Hostile[random.Next(Hostile.Length)])]),
        "object" => new JsonObject
        {
            [random.Next(2) == 0 ? "email" : Hostile[random.Next(Hostile.Length)]] = Hostile[random.Next(Hostile.Length)],
            ["firstname"] = random.Next(10) == 0 ? new string('x', 10_001) : "Fuzz",
        },
        _ when name == "condition" => random.Next(3) == 0
            ? JsonNode.Parse(Json(random))
            : $"{new[] { "email", "spent", "date", "state", "nope", "Lifetime Value" }[random.Next(6)]} {new[] { "=", ">", "LIKE", "IN", "IS", "contains", "!~" }[random.Next(7)]} {Hostile[random.Next(Hostile.Length)]}",
        _ => random.Next(8) == 0 ? new string('z', random.Next(9_000, 11_000)) : Hostile[random.Next(Hostile.Length)],
    };

    private static string Json(Random random) => random.Next(9) switch
    {
        0 => "null",
        1 => random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => "-1.5e999",
        3 => JsonSerializer.Serialize(Hostile[random.Next(Hostile.Length)]),
        4 => "[1,\"a\",null,{\"b\":[]}]",
        5 => "{\"field\":{\"field\":\"email\"},\"op\":\"=\",\"value\":{\"value\":\"x\"}}",
        6 => "[{\"field\":{\"field\":\"spent\"},\"op\":\"IN\",\"value\":{\"list\":[]}}]",
        7 => "true",
        _ => "{}",
    };

    private static async Task<List<(string Name, JsonElement Schema)>> ToolSchemasAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var data = text.Split('\n').First(l => l.StartsWith("data:", StringComparison.Ordinal))[5..];
        var tools = JsonDocument.Parse(data).RootElement.GetProperty("result").GetProperty("tools");
        return [.. tools.EnumerateArray().Select(t => (t.GetProperty("name").GetString()!, t.GetProperty("inputSchema").Clone()))];
    }

    private static string Truncate(string? text) => text is null ? "(null)" : text.Length > 300 ? text[..300] + "…" : text;
}

/// <summary>Tests that measure process-wide things (memory, timing of a whole process) run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTests
{
    public const string Name = "serial";
}
