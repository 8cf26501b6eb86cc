using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Sandbox;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, "bad bytes are a 4xx, never a 500": credentials that cannot be sent to Ontraport (bytes outside printable
/// ASCII, control characters, absurd lengths) are refused by the authentication scheme with a 401 whose body says what
/// to fix, one log line, and no upstream request. Real sockets on both sides: the bytes travel as a client sends them,
/// and the upstream is a separate sandbox over HTTP, where a non-ASCII header used to fail inside HttpClient.
/// </summary>
public class EndpointBadBytesTests
{
    private const string ToolCall = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_objects","arguments":{"object_type":"contacts","id":1},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"t","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}}}""";

    private const string NotAscii = "must be printable ASCII";

    public static TheoryData<string, string, string> BadCredentials => new()
    {
        { "Api-Key", "clé-secrète-1234", NotAscii },
        { "Api-Key", "key-with-\u0001-control", NotAscii },
        { "Api-Key", new string('k', 5_000), "at most 256" },
        { "Api-Appid", "2_AppID_ünïcode", NotAscii },
        { "Api-Appid", "2_AppID\u007f", NotAscii },
        { "Authorization", "Bearer 2_AppID_Bytes:kéy-1234567", NotAscii },
        { "Authorization", "Bearer 2_AppID_Bytes:key\u0002-1234567", NotAscii },
    };

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task Unsendable_credentials_are_a_401_with_a_sentence_one_log_line_and_no_upstream_request(string header, string value, string says)
    {
        var (upstream, address) = await StartSandboxAsync();
        await using var _ = upstream;
        var logs = new EndpointLogLines();
        await using var host = new ServerHost(("ONTRAPORT_MCP_MODE", "passthrough"), ("ONTRAPORT_BASE_URL", address + "/1/"))
        {
            AddServices = services => services.AddSingleton<Serilog.Core.ILogEventSink>(logs),
        };
        var endpoint = host.StartOnLoopback();
        var linesBefore = logs.Lines.Count;

        using var http = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 });
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(ToolCall, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2026-07-28");
        request.Headers.TryAddWithoutValidation("Mcp-Method", "tools/call");
        request.Headers.TryAddWithoutValidation("Mcp-Name", "get_objects");
        if (header != "Api-Appid")
        {
            request.Headers.TryAddWithoutValidation("Api-Appid", "2_AppID_Bytes");
        }

        if (header != "Api-Key" && header != "Authorization")
        {
            request.Headers.TryAddWithoutValidation("Api-Key", "good-key-1234567");
        }

        request.Headers.TryAddWithoutValidation(header, value);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var message = JsonNode.Parse(body)!["error"]!["message"]!.GetValue<string>();
        Assert.Contains(header == "Authorization" ? "Authorization" : header, message, StringComparison.Ordinal);
        Assert.Contains(says, message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, body, StringComparison.Ordinal);

        await logs.WaitForAsync(l => l.StartsWith("HTTP \"POST\" \"/mcp\"", StringComparison.Ordinal));
        await logs.WaitForAsync(l => l.StartsWith("AUDIT ", StringComparison.Ordinal)); // written by the audit trail's own writer
        var lines = logs.Lines.Skip(linesBefore).ToList();
        var audit = lines.Where(l => l.StartsWith("AUDIT ", StringComparison.Ordinal)).ToList(); // the audit trail's record, on the console by default
        lines = [.. lines.Except(audit)];
        Assert.True(lines.Count == 1, "expected one log line, got:\n" + string.Join("\n", lines));
        Assert.Contains("responded 401", lines[0], StringComparison.Ordinal);
        Assert.Single(audit);
        Assert.DoesNotContain("   at ", lines[0], StringComparison.Ordinal);
        Assert.Empty(host.Logs.Errors);
        Assert.Empty(upstream.Services.GetRequiredService<OntraportSandbox>().Account("2_AppID_Bytes").Requests);
    }

    private static async Task<(WebApplication App, string Address)> StartSandboxAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddOntraportSandbox();
        var app = builder.Build();
        app.MapOntraportSandbox("/1");
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}
