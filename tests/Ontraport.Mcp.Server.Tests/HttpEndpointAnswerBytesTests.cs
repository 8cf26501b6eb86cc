using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ontraport.Mcp.Server.Hosting;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The answer's bytes on the wire (issue 22): a tool's text travels with <c>\"</c>, not <c>\u0022</c>, and non-ASCII
/// as UTF-8, so the SSE body is barely longer than the text; the rewrite leaves every escape it must keep, and both
/// the SDK client and a plain JSON parser still read exactly the text the tool wrote.
/// </summary>
public class HttpEndpointAnswerBytesTests
{
    public static TheoryData<string> Eras => new() { "2026-07-28", "2025-11-25" };

    private const string Tricky = "Zoë \"Q\" <a&b> + 'c' `d` \\u0022 \\ 😀 \u2028 end";

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task A_get_objects_answer_is_sent_without_HTML_escapes_and_reads_back_the_same(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        var created = (await client.CallAsync("create_object", new { object_type = "contacts", values = new { firstname = Tricky, email = "zoe@example.com" } })).Ok();
        var id = created["id"]?.GetValue<int>() ?? created["record"]!["id"]!.GetValue<int>();

        using var http = host.CreateClient();
        var arguments = new JsonObject { ["object_type"] = "contacts", ["ids"] = new JsonArray(1, 2, id) };
        using var response = await http.SendAsync(CallTool(era, "get_objects", arguments));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync();
        var wire = Encoding.UTF8.GetString(body);

        Assert.Equal(0, Escapes(wire, "\\u0022"));
        Assert.Equal(0, Escapes(wire, "\\u003C"));
        Assert.Contains("Zoë", wire, StringComparison.Ordinal); // UTF-8, not \u00EB
        Assert.Contains("\\\\u0022", wire, StringComparison.Ordinal); // the text's own backslash + u0022 stays an escaped backslash
        Assert.Contains("\\u2028", wire, StringComparison.Ordinal); // kept escaped

        var message = JsonNode.Parse(DataLine(wire))!;
        var text = message["result"]!["content"]![0]!["text"]!.GetValue<string>();
        Assert.Contains(JsonNode.Parse(text)!["items"]!.AsArray(), item => item!["firstname"]?.GetValue<string>() == Tricky);
        Assert.True(body.Length <= 1.1 * Encoding.UTF8.GetByteCount(text) + 600, $"body {body.Length} B for {Encoding.UTF8.GetByteCount(text)} B of text");

        // The SDK's own client reads the very same text.
        var throughClient = await client.CallAsync("get_objects", new { object_type = "contacts", ids = new[] { 1, 2, id } });
        Assert.Equal(text, throughClient.Text);
    }

    /// <summary>
    /// A page of contacts is JSON inside a JSON string: every <c>"</c> and <c>\</c> of the text must go out escaped
    /// (one byte more each); beyond those the body adds only the envelope and the SSE framing. Before the rewrite each
    /// <c>"</c> cost five bytes more, and the body was 1.8 times the text.
    /// </summary>
    [Theory]
    [MemberData(nameof(Eras))]
    public async Task A_page_of_twenty_contacts_costs_its_text_plus_the_escapes_JSON_requires(string era)
    {
        await using var host = new ServerHost();
        using var http = host.CreateClient();
        using var response = await http.SendAsync(CallTool(era, "get_objects", new JsonObject { ["object_type"] = "contacts", ["limit"] = 20 }));
        var body = await response.Content.ReadAsByteArrayAsync();
        var text = JsonNode.Parse(DataLine(Encoding.UTF8.GetString(body)))!["result"]!["content"]![0]!["text"]!.GetValue<string>();
        var textBytes = Encoding.UTF8.GetByteCount(text);
        var required = text.Count(c => c is '"' or '\\');
        Assert.InRange(body.Length - textBytes - required, 0, 400); // the JSON-RPC envelope and "event: message\ndata: "
        Assert.True(body.Length <= 1.25 * textBytes, $"SSE body {body.Length} B / text {textBytes} B");
    }

    public static TheoryData<string, string> Rewrites => new()
    {
        { """{"t":"a\u0022b"}""", """{"t":"a\"b"}""" },
        { """{"t":"\\u0022"}""", """{"t":"\\u0022"}""" },                 // an escaped backslash, then letters
        { """{"t":"\\\u0022"}""", """{"t":"\\\""}""" },                   // an escaped backslash, then a quote
        { """{"t":"\u003C\u003E\u0026\u0027\u002B\u0060"}""", """{"t":"<>&'+`"}""" },
        { """{"t":"\u00E9\u20AC\uD83D\uDE00"}""", "{\"t\":\"é€😀\"}" },
        { """{"t":"\u2028\u2029\uD800x\uDC00\u0001\n\t\/"}""", """{"t":"\u2028\u2029\uD800x\uDC00\u0001\n\t\/"}""" },
        { """{"t":"\uD83D\u0041"}""", """{"t":"\uD83D\u0041"}""" },      // a lone high surrogate stays escaped
    };

    [Theory]
    [MemberData(nameof(Rewrites))]
    public void The_rewrite_keeps_every_escape_it_must_and_reads_the_same_at_every_cut(string input, string expected)
    {
        var source = Encoding.UTF8.GetBytes(input);
        Assert.Equal(expected, Rewrite(source, [source.Length]));
        if (!input.Contains("\\uD8", StringComparison.Ordinal)) // a lone surrogate is no string System.Text.Json reads
        {
            Assert.Equal(JsonNode.Parse(input)!["t"]!.GetValue<string>(), JsonNode.Parse(expected)!["t"]!.GetValue<string>());
        }

        for (var cut = 1; cut < source.Length; cut++)
        {
            Assert.Equal(expected, Rewrite(source, [cut, source.Length - cut]));
        }
    }

    [Fact]
    public void A_body_that_is_not_JSON_or_has_a_Content_Length_passes_unchanged()
    {
        var inner = new MemoryStream();
        using (var stream = new RelaxedJsonResponse.UnescapingStream(inner, applies: () => false))
        {
            stream.Write("""{"t":"a\u0022b"}"""u8);
        }

        Assert.Equal("""{"t":"a\u0022b"}""", Encoding.UTF8.GetString(inner.ToArray()));
    }

    /// <summary>Feeds the source in the given pieces through the stream the middleware uses.</summary>
    private static string Rewrite(byte[] source, int[] pieces)
    {
        var inner = new MemoryStream();
        using (var stream = new RelaxedJsonResponse.UnescapingStream(inner))
        {
            var at = 0;
            foreach (var piece in pieces)
            {
                stream.Write(source, at, piece);
                at += piece;
            }

            stream.CompleteAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        return Encoding.UTF8.GetString(inner.ToArray());
    }

    /// <summary>How many times <paramref name="escape"/> occurs as an escape (after an even run of backslashes).</summary>
    private static int Escapes(string json, string escape)
    {
        var count = 0;
        for (var at = json.IndexOf(escape, StringComparison.OrdinalIgnoreCase); at >= 0; at = json.IndexOf(escape, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = 0;
            while (at - before - 1 >= 0 && json[at - before - 1] == '\\')
            {
                before++;
            }

            count += before % 2 == 0 ? 1 : 0;
        }

        return count;
    }

    private static string DataLine(string sse) =>
        sse.Split('\n').First(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];

    private static HttpRequestMessage CallTool(string era, string tool, JsonObject arguments)
    {
        var parameters = new JsonObject { ["name"] = tool, ["arguments"] = arguments };
        if (era == "2026-07-28")
        {
            parameters["_meta"] = new JsonObject
            {
                ["io.modelcontextprotocol/protocolVersion"] = era,
                ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
                ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "bytes-test", ["version"] = "1" },
            };
        }

        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "tools/call", ["params"] = parameters };
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", era);
        if (era == "2026-07-28")
        {
            request.Headers.Add("Mcp-Method", "tools/call");
            request.Headers.Add("Mcp-Name", tool);
        }

        return request;
    }
}
