using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18: a client's mistake is the client's, not the server's: an unknown JSON-RPC method is answered -32601 and
/// logged as one line, without a stack trace.
/// </summary>
public class EndpointLoggingTests
{
    public static TheoryData<string, string> UnknownMethods => new()
    {
        { "2025-11-25", """{"jsonrpc":"2.0","id":3,"method":"tools/destroy","params":{}}""" },
        { "2026-07-28", """{"jsonrpc":"2.0","id":3,"method":"tools/destroy","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"t","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}}}""" },
    };

    [Theory]
    [MemberData(nameof(UnknownMethods))]
    public async Task An_unknown_method_is_answered_32601_and_logged_as_one_line_without_a_stack_trace(string version, string body)
    {
        var logs = new EndpointLogLines();
        await using var host = new ServerHost { AddServices = services => services.AddSingleton<Serilog.Core.ILogEventSink>(logs) };
        var http = host.CreateClient();
        var before = logs.Lines.Count;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", version);
        request.Headers.TryAddWithoutValidation("Mcp-Method", "tools/destroy");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        var json = JsonNode.Parse(text.Contains("data: ", StringComparison.Ordinal) ? text[(text.IndexOf("data: ", StringComparison.Ordinal) + 6)..] : text)!;
        Assert.Equal(-32601, json["error"]!["code"]!.GetValue<int>());
        Assert.Equal(version == "2026-07-28" ? 404 : 200, (int)response.StatusCode); // the per-request revision maps it to 404
        await logs.WaitForAsync(l => l.StartsWith("HTTP \"POST\" \"/mcp\"", StringComparison.Ordinal));
        var lines = logs.Lines.Skip(before).Where(l => !l.StartsWith("AUDIT ", StringComparison.Ordinal)).ToList();
        Assert.All(lines, l => Assert.DoesNotContain("   at ", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain("Exception", l, StringComparison.Ordinal));
        Assert.True(lines.Count <= 2, "expected at most the request's line and one line naming the method, got:\n" + string.Join("\n", lines));
        Assert.Contains(lines, l => l.Contains("tools/destroy", StringComparison.Ordinal));
        Assert.Empty(host.Logs.Errors);
    }
}
