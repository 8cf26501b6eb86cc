using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The server as a real process: SIGTERM arrives while a tool call waits on Ontraport; the call still completes with its
/// answer, and the process exits cleanly. The "Ontraport" here is a tiny server in the test that holds its first answer
/// until the test releases it, so nothing depends on timing.
/// </summary>
[Collection(SerialTests.Name)]
public class GracefulShutdownTests
{
    [LinuxFact]
    public async Task SIGTERM_lets_an_in_flight_call_finish_then_the_process_exits_cleanly()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (upstream, upstreamAddress) = await StartSlowOntraportAsync(entered, release.Task);
        await using var _ = upstream;

        using var server = StartServer(upstreamAddress + "/1/");
        try
        {
            var lines = new LineReader(server);
            var listening = await lines.WaitForAsync("Now listening on: ");
            var address = listening[(listening.IndexOf("http", StringComparison.Ordinal))..].Trim();

            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
            var call = http.SendAsync(ToolCall("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_objects","arguments":{"object_type":"contacts","id":1}}}"""));

            await entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using (var kill = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await lines.WaitForAsync("Application is shutting down");
            release.SetResult();

            using var response = await call.WaitAsync(TimeSpan.FromSeconds(60));
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("\\\"firstname\\\":\\\"John\\\"", body, StringComparison.Ordinal);
            await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, server.ExitCode);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true); // a failed run must not leave a server behind
            }
        }
    }

    private static HttpRequestMessage ToolCall(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-11-25");
        return request;
    }

    private static Process StartServer(string upstream)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // …/bin/<Configuration>/net10.0
        var dll = Path.GetFullPath(Path.Combine(RepositoryRoot(), "src", "Ontraport.Mcp.Server", "bin", configuration, "net10.0", "Ontraport.Mcp.Server.dll"));
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ONTRAPORT_APP_ID"] = "2_AppID_shutdown";
        start.Environment["ONTRAPORT_API_KEY"] = "shutdown-key-123456";
        start.Environment["ONTRAPORT_BASE_URL"] = upstream;
        start.Environment["ONTRAPORT_MCP_AUDIT_LOG"] = "console";
        return Process.Start(start)!;
    }

    /// <summary>Answers like Ontraport, but holds its first answer until <paramref name="release"/> completes.</summary>
    private static async Task<(WebApplication App, string Address)> StartSlowOntraportAsync(TaskCompletionSource entered, Task release)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var first = 0;
        app.Map("/1/{**path}", async (HttpContext context) =>
        {
            if (Interlocked.Exchange(ref first, 1) == 0)
            {
                entered.TrySetResult();
                await release;
            }

            var path = context.Request.Path.Value ?? "";
            var data = path.EndsWith("objects/meta", StringComparison.OrdinalIgnoreCase)
                ? """{"0":{"name":"Contact","fields":{"firstname":{"alias":"First Name","type":"text"},"email":{"alias":"Email","type":"email"}}}}"""
                : """{"id":"1","firstname":"John","email":"john@example.com"}""";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$$"""{"code":0,"data":{{{data}}},"account_id":1}""");
        });
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));

    /// <summary>Reads a process's output line by line and lets a test wait for a line, with no polling.</summary>
    private sealed class LineReader
    {
        private readonly List<string> _lines = [];
        private readonly List<(string Text, TaskCompletionSource<string> Done)> _waiters = [];

        public LineReader(Process process)
        {
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Task<string> WaitForAsync(string text)
        {
            lock (_lines)
            {
                if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } seen)
                {
                    return Task.FromResult(seen);
                }

                var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((text, done));
                return done.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
        }

        private void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            List<TaskCompletionSource<string>> matched;
            lock (_lines)
            {
                _lines.Add(line);
                matched = [.. _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).Select(w => w.Done)];
                _waiters.RemoveAll(w => line.Contains(w.Text, StringComparison.Ordinal));
            }

            foreach (var done in matched)
            {
                done.TrySetResult(line);
            }
        }
    }
}

/// <summary>Runs only on Linux (it sends a POSIX signal).</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "sends SIGTERM with kill(1); Linux only.";
        }
    }
}
