using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// deploy/nginx.conf for real: Debian's nginx runs the file's own directives with its upstreams replaced by two server
/// instances on loopback Kestrel, and the SDK's client initializes, lists and calls tools through it; answers stream as
/// SSE, and round robin (no stickiness) spreads the requests over both instances.
/// </summary>
public sealed partial class NginxLoadBalancerTests : IAsyncLifetime
{
    private const string Nginx = "/usr/sbin/nginx";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ontraport-nginx-" + Guid.NewGuid().ToString("N"));
    private readonly ServerHost _one = new(("ONTRAPORT_MCP_MODE", "sandbox"));
    private readonly ServerHost _two = new(("ONTRAPORT_MCP_MODE", "sandbox"));
    private Process? _nginx;
    private Uri _front = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Nginx))
        {
            return; // the tests skip
        }

        Directory.CreateDirectory(_directory);
        var one = _one.StartOnLoopback().Port;
        var two = _two.StartOnLoopback().Port;
        var port = FreePort();
        var conf = Path.Combine(_directory, "nginx.conf");
        await File.WriteAllTextAsync(conf, TestConfig(await File.ReadAllTextAsync(DeployConfig()), port, [one, two], _directory));

        var test = await RunAsync(Nginx, ["-t", "-p", _directory + "/", "-c", conf]);
        Assert.True(test.ExitCode == 0, "nginx -t refused the config derived from deploy/nginx.conf: " + test.Output);

        // nginx writes its pid into the pid file after it has bound its listening sockets: that is the readiness signal.
        // (nginx -t leaves an empty pid file behind, so it goes first, and only a file holding this process's id counts.)
        var pid = Path.Combine(_directory, "nginx.pid");
        File.Delete(pid);
        using var watcher = new FileSystemWatcher(_directory, "nginx.pid") { EnableRaisingEvents = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        var changed = new SemaphoreSlim(0);
        watcher.Created += (_, _) => changed.Release();
        watcher.Changed += (_, _) => changed.Release();
        _nginx = Process.Start(new ProcessStartInfo(Nginx, ["-p", _directory + "/", "-c", conf]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;
        var stderr = _nginx.StandardError.ReadToEndAsync();
        var exited = _nginx.WaitForExitAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!HoldsPid(pid, _nginx.Id))
        {
            var next = changed.WaitAsync(bound.Token);
            await Task.WhenAny(next, exited);
            Assert.False(_nginx.HasExited, "nginx did not start: " + await stderr);
            Assert.False(bound.IsCancellationRequested, "nginx wrote no pid file within 30 s");
        }

        _front = new Uri($"http://127.0.0.1:{port}/");
    }

    public async Task DisposeAsync()
    {
        if (_nginx is { } nginx)
        {
            if (!nginx.HasExited)
            {
                nginx.Kill(entireProcessTree: true);
                await nginx.WaitForExitAsync();
            }

            nginx.Dispose();
        }

        await _one.DisposeAsync();
        await _two.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [NginxFact]
    public async Task Initialize_tools_list_and_tools_call_work_through_nginx_round_robin_on_both_instances()
    {
        var http = new HttpClient { BaseAddress = _front };
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(_front, "mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }, http, NullLoggerFactory.Instance, ownsHttpClient: true);
        await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-06-18", ClientInfo = new Implementation { Name = "nginx-test", Version = "1" } });
        Assert.Contains("get_objects", (await client.ListToolsAsync()).Select(t => t.Name));
        for (var i = 0; i < 4; i++)
        {
            var page = (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 1, start = i })).Ok();
            Assert.Equal(1, page["returned"]!.GetValue<int>());
        }

        // No stickiness: the tool calls' upstream requests landed on both instances' sandboxes.
        Assert.NotEmpty(_one.UpstreamRequests());
        Assert.NotEmpty(_two.UpstreamRequests());
    }

    [NginxFact]
    public async Task A_tools_call_answer_streams_through_nginx_as_server_sent_events()
    {
        using var http = new HttpClient { BaseAddress = _front };
        for (var i = 0; i < 2; i++) // twice, so both instances answer one
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "mcp")
            {
                Content = new StringContent("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"count_objects","arguments":{"object_type":"contacts"}}}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
            request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var events = await response.Content.ReadAsStringAsync();
            var data = SseData().Match(events);
            Assert.True(data.Success, "no SSE data line in: " + events);
            using var message = JsonDocument.Parse(data.Groups[1].Value);
            Assert.Equal(7, message.RootElement.GetProperty("id").GetInt32());
            var text = message.RootElement.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString()!;
            Assert.Contains("count", text, StringComparison.Ordinal);
        }

        Assert.NotEmpty(_one.UpstreamRequests());
        Assert.NotEmpty(_two.UpstreamRequests());
    }

    /// <summary>
    /// deploy/nginx.conf with only what a test must change: its upstream servers and listen port, and paths and process
    /// settings for an unprivileged run in a temp folder. Every proxy directive is the file's own.
    /// </summary>
    internal static string TestConfig(string deploy, int port, int[] upstreams, string directory)
    {
        var servers = UpstreamServers().Matches(deploy);
        Assert.Equal(2, servers.Count); // the file's two instances
        var config = UpstreamServers().Replace(deploy, string.Empty, 1, servers[1].Index);
        config = config.Replace(servers[0].Value, string.Concat(upstreams.Select(p => $"server 127.0.0.1:{p};\n        ")), StringComparison.Ordinal);
        Assert.Contains("listen 8080;", config, StringComparison.Ordinal);
        config = config.Replace("listen 8080;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal)
            .Replace("worker_processes auto;", "worker_processes 1;", StringComparison.Ordinal);
        var temp = string.Join("\n", new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" }.Select(t => $"    {t}_temp_path {directory}/{t}_temp;"));
        config = config.Replace("http {", "http {\n" + temp, StringComparison.Ordinal);
        var head = $"daemon off;\npid {directory}/nginx.pid;\nerror_log {directory}/error.log info;\n" + (Environment.IsPrivilegedProcess ? "user root;\n" : string.Empty);
        return head + config;
    }

    private static bool HoldsPid(string file, int pid)
    {
        try
        {
            return File.Exists(file) && File.ReadAllText(file).Trim() == pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return false; // being written
        }
    }

    private static string DeployConfig([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "deploy", "nginx.conf"));

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"server [A-Za-z0-9.\-]+:8080;\s*")]
    private static partial Regex UpstreamServers();

    [GeneratedRegex("^data: ?(.+)$", RegexOptions.Multiline)]
    private static partial Regex SseData();
}

/// <summary>A test that needs Debian's nginx: skipped, with the reason, when /usr/sbin/nginx is absent.</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (!File.Exists("/usr/sbin/nginx"))
        {
            Skip = "nginx is not installed (/usr/sbin/nginx); install the Debian package nginx (.ci/run does).";
        }
    }
}
