using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Mcp.Server.Tests.OAuth;
using Serilog.Core;
using Serilog.Events;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// What a newcomer trips on (issue 19): a POST without the two headers it needs, the README's curl blocks pasted one at
/// a time, trying oauth mode on loopback, and request log lines that say which JSON-RPC method they served.
/// </summary>
public partial class NewcomerTests
{
    public static TheoryData<string> Eras => new() { "2025-11-25", "2026-07-28" };

    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private static HttpRequestMessage ToolsList(string era, string? contentType = "application/json", string? accept = "application/json, text/event-stream")
    {
        var body = era == "2026-07-28"
            ? "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{" + Meta + "}}"
            : "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        request.Headers.Add("MCP-Protocol-Version", era);
        if (era == "2026-07-28")
        {
            request.Headers.Add("Mcp-Method", "tools/list");
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task A_POST_without_its_two_headers_is_told_which_header_to_send(string era)
    {
        await using var host = new ServerHost();
        using var http = host.CreateClient();

        // curl -d sends a form; no Content-Type at all is the same refusal. Both used to be routing's empty 415.
        foreach (var contentType in new[] { "application/x-www-form-urlencoded", "text/plain", null })
        {
            using var refused = await http.SendAsync(ToolsList(era, contentType));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
            Assert.Equal(McpRequestHeaders.ContentTypeRefusal, await ErrorMessageAsync(refused));
            Assert.Contains("Content-Type: application/json", McpRequestHeaders.ContentTypeRefusal, StringComparison.Ordinal);
        }

        // An Accept that does not admit both types (the SDK's own rule), with a message that names the header.
        foreach (var accept in new[] { "application/json", "text/event-stream", "text/html" })
        {
            using var refused = await http.SendAsync(ToolsList(era, accept: accept));
            Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);
            Assert.Equal(McpRequestHeaders.AcceptRefusal, await ErrorMessageAsync(refused));
            Assert.Contains("Accept: application/json, text/event-stream", McpRequestHeaders.AcceptRefusal, StringComparison.Ordinal);
        }

        // What the SDK accepts still passes: */* (curl's default) and both types in any order.
        foreach (var accept in new[] { "*/*", "text/event-stream, application/json", "application/*, text/*" })
        {
            using var ok = await http.SendAsync(ToolsList(era, accept: accept));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // Host and Origin are still checked first: a rebinding page learns nothing, not even which header is missing.
        var foreign = ToolsList(era, "text/plain");
        foreign.Headers.Add("Origin", "https://evil.example");
        using var forbidden = await http.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task Each_request_log_line_names_its_JSON_RPC_method(string era)
    {
        var lines = new RequestLines();
        await using var host = new ServerHost { AddServices = services => services.AddSingleton<ILogEventSink>(lines) };
        await using var client = await host.ConnectAsync(era);
        await client.ListToolsAsync();
        await client.CallAsync("get_objects", new { object_type = "contacts", limit = 1 });
        Assert.Equal("tools/list", await lines.WaitForAsync(call => call == "tools/list"));
        Assert.StartsWith("tools/call get_objects account ", await lines.WaitForAsync(call => call.StartsWith("tools/call ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(era == "2026-07-28" ? "server/discover" : "initialize", await lines.WaitForAsync(call => call is "server/discover" or "initialize"));
    }

    [Fact]
    public async Task Initialize_era_lines_name_the_method_without_an_Mcp_Method_header()
    {
        // curl, the TypeScript SDK and the Inspector send no Mcp-Method header before 2026-07-28 (the C# SDK client does):
        // the method comes from the message itself.
        var lines = new RequestLines();
        await using var host = new ServerHost { AddServices = services => services.AddSingleton<ILogEventSink>(lines) };
        using var http = host.CreateClient();
        foreach (var (method, body) in new[]
        {
            ("initialize", """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}"""),
            ("notifications/initialized", """{"jsonrpc":"2.0","method":"notifications/initialized"}"""),
            ("tools/list", """{"jsonrpc":"2.0","id":2,"method":"tools/list"}"""),
        })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
            request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
            Assert.False(request.Headers.Contains("Mcp-Method"));
            using var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{method}: {(int)response.StatusCode}");
            Assert.Equal(method, await lines.WaitForAsync(call => call == method));
        }

        Assert.DoesNotContain("", lines.All); // no line left without its method
    }

    [Fact]
    public async Task A_method_name_that_is_not_one_cannot_write_into_the_log()
    {
        var lines = new RequestLines();
        await using var host = new ServerHost { AddServices = services => services.AddSingleton<ILogEventSink>(lines) };
        using var http = host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\\nHTTP POST /mcp forged responded 200\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        using var response = await http.SendAsync(request);

        Assert.Equal("(an unknown method)", await lines.WaitForAsync(call => call.StartsWith('(')));
        Assert.DoesNotContain(lines.All, call => call.Contains("forged", StringComparison.Ordinal));
    }

    /// <summary>Each curl block of the README, pasted alone into a fresh shell, gets an answer to every request.</summary>
    [CurlFact]
    public async Task Each_curl_block_of_the_README_works_pasted_alone()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(ProjectDirectory(), "..", "..", "README.md"));
        var blocks = CurlBlock().Matches(readme).Select(m => m.Groups["code"].Value).Where(b => b.Contains("curl -s http://localhost:5000/mcp", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, blocks.Count); // the initialize era and the 2026-07-28 era

        await using var host = new ServerHost();
        var url = host.StartOnLoopback();
        foreach (var block in blocks)
        {
            var script = block.Replace("http://localhost:5000/mcp", url.AbsoluteUri, StringComparison.Ordinal);
            var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment.Remove("H"); // nothing from an earlier block, or from this shell
            start.Environment.Remove("M");
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(timeout.Token);
            var answers = (await stdout).Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l["data: ".Length..])!).ToList();

            Assert.True(process.ExitCode == 0, await stderr);
            Assert.Equal(Regex.Matches(block, @"^curl ", RegexOptions.Multiline).Count, answers.Count);
            Assert.All(answers, a => Assert.True(a["result"] is not null, a.ToJsonString()));
            Assert.Equal(3, answers[^1]["result"]!["content"]![0]!["text"]!.GetValue<string>() is { } text ? JsonNode.Parse(text)!["returned"]!.GetValue<int>() : 0);
        }
    }

    [Fact]
    public async Task Oauth_mode_on_loopback_answers_only_for_the_host_of_its_public_URL()
    {
        // docs/oauth.md and the README: the address the client types must match ONTRAPORT_MCP_PUBLIC_URL, host included.
        await using var server = new OAuthLoopbackServer(); // public URL http://localhost:PORT/, embedded sandbox
        using var http = new HttpClient();
        var path = ".well-known/oauth-protected-resource/mcp";
        using var byName = await http.GetAsync(new Uri(server.PublicUrl, path));
        Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
        using var byAddress = await http.GetAsync(new Uri($"http://127.0.0.1:{server.PublicUrl.Port}/{path}"));
        Assert.Equal(HttpStatusCode.NotFound, byAddress.StatusCode);
    }

    [Fact]
    public async Task On_the_embedded_sandbox_the_consent_page_says_that_any_key_works()
    {
        const string callback = "https://claude.ai/api/mcp/auth_callback";
        await using var sandbox = await OAuthHost.StartAsync(); // Ontraport is the in-process sandbox (ONTRAPORT_BASE_URL=embedded)
        var page = await sandbox.OpenConsentAsync(OAuthHost.AuthorizeUrl(await sandbox.RegisterAsync(callback), callback, OAuthHost.Pkce().Challenge));
        Assert.Contains("any App ID and API key work", page.Html, StringComparison.Ordinal);

        await using var ontraport = await OAuthHost.StartAsync(services: services =>
            services.Configure<Ontraport.Client.OntraportClientOptions>(options => options.BaseAddress = Ontraport.Client.OntraportClientOptions.DefaultBaseAddress));
        var real = await ontraport.OpenConsentAsync(OAuthHost.AuthorizeUrl(await ontraport.RegisterAsync(callback), callback, OAuthHost.Pkce().Challenge));
        Assert.DoesNotContain("any App ID and API key work", real.Html, StringComparison.Ordinal);
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>();

    private static string ProjectDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    [GeneratedRegex(@"```bash\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex CurlBlock();

    /// <summary>The McpCall of each request log line (Serilog request logging), awaitable as the lines arrive.</summary>
    private sealed class RequestLines : ILogEventSink
    {
        private readonly ConcurrentQueue<string> _calls = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyList<string> All => [.. _calls];

        public void Emit(LogEvent logEvent)
        {
            if (logEvent.Properties.TryGetValue("McpCall", out var value) && value is ScalarValue { Value: string call })
            {
                _calls.Enqueue(call);
                _arrived.Release();
            }
        }

        /// <summary>The first line that matches; a line is written once its response is complete, so wait for it.</summary>
        public async Task<string> WaitForAsync(Func<string, bool> match)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                if (_calls.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                await _arrived.WaitAsync(timeout.Token);
            }
        }
    }

    /// <summary>Skipped, with the reason shown, where bash or curl is missing.</summary>
    public sealed class CurlFactAttribute : FactAttribute
    {
        public CurlFactAttribute()
        {
            var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
            if (!path.Any(d => File.Exists(Path.Combine(d, "curl"))) || !path.Any(d => File.Exists(Path.Combine(d, "bash"))))
            {
                Skip = "curl or bash is not installed; the README's curl blocks need both.";
            }
        }
    }
}
