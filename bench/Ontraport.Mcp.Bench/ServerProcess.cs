using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Ontraport.Mcp.Bench;

/// <summary>A server under test in its own process, on loopback, with its resident memory readable from /proc.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress, TimeSpan startup)
    {
        _process = process;
        BaseAddress = baseAddress;
        StartupTime = startup;
    }

    public Uri BaseAddress { get; }

    /// <summary>Process start to the first 200 from the readiness probe.</summary>
    public TimeSpan StartupTime { get; }

    public int Id => _process.Id;

    /// <summary>The Release build of this worktree's server.</summary>
    public static string OursDll { get; } = Path.Combine(Paths.Root, "src", "Ontraport.Mcp.Server", "bin", "Release", "net10.0", "Ontraport.Mcp.Server.dll");

    /// <summary>
    /// Our server on the embedded sandbox: the Release build of src/Ontraport.Mcp.Server, or another build of it
    /// (<paramref name="dll"/>: a baseline commit's build, a ReadyToRun publish). <paramref name="ready"/> replaces the
    /// /health probe (the cold-start measure waits for the first tools/list answer instead).
    /// </summary>
    public static async Task<ServerProcess> StartOursAsync(IDictionary<string, string>? environment = null, string? dll = null, Func<HttpClient, Uri, Task<bool>>? ready = null, int? port = null)
    {
        port ??= FreePort();
        dll ??= OursDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"Build the server first: dotnet build -c Release src/Ontraport.Mcp.Server ({dll} is missing).");
        }

        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        // Lift the 180/min default (sandbox and client) so throughput measures the server, not Ontraport's limit.
        start.Environment["ONTRAPORT_RATE_LIMIT_PER_MINUTE"] = "100000";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return await StartAsync(start, new Uri($"http://127.0.0.1:{port}/"), ready ?? Health);
    }

    private static async Task<bool> Health(HttpClient http, Uri baseAddress)
    {
        using var response = await http.GetAsync(new Uri(baseAddress, "health"));
        return response.IsSuccessStatusCode;
    }

    /// <summary>The TypeScript SDK's reference server: @modelcontextprotocol/server-everything, streamable HTTP.</summary>
    public static async Task<ServerProcess> StartReferenceAsync()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("npx", ["--yes", "@modelcontextprotocol/server-everything@2026.8.31", "streamableHttp"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        return await StartAsync(start, new Uri($"http://127.0.0.1:{port}/"), null);
    }

    /// <summary>A Node server (<paramref name="script"/> in <paramref name="directory"/>) on a free port, ready when /v1/health answers.</summary>
    public static async Task<ServerProcess> StartNodeAsync(string nodeBinary, string script, string directory)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(nodeBinary, [script]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["NODE_ENV"] = "production";
        return await StartAsync(start, new Uri($"http://127.0.0.1:{port}/"), async (http, baseAddress) =>
        {
            using var response = await http.GetAsync(new Uri(baseAddress, "v1/health"));
            return response.IsSuccessStatusCode;
        });
    }

    private static async Task<ServerProcess> StartAsync(ProcessStartInfo start, Uri baseAddress, Func<HttpClient, Uri, Task<bool>>? ready)
    {
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                if (ready is null)
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
                    return new ServerProcess(process, baseAddress, clock.Elapsed);
                }

                if (await ready(http, baseAddress))
                {
                    return new ServerProcess(process, baseAddress, clock.Elapsed);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException or TaskCanceledException)
            {
                // not listening yet
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"{start.FileName} exited with {process.ExitCode} before it was ready.");
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"{start.FileName} did not become ready in 120 s.");
    }

    /// <summary>Resident set size in MB (VmRSS), or -1 when /proc is not available.</summary>
    public double ResidentMegabytes()
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status))
        {
            return -1;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>Resident memory of the process and its children (npx starts node as a child).</summary>
    public double TreeResidentMegabytes()
    {
        var total = ResidentMegabytes();
        foreach (var child in Children(_process.Id))
        {
            var status = $"/proc/{child}/status";
            if (File.Exists(status) && File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) is { } line)
            {
                total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return total;
    }

    private static IEnumerable<int> Children(int pid)
    {
        var path = $"/proc/{pid}/task/{pid}/children";
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var child in File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)))
        {
            yield return child;
            foreach (var grandchild in Children(child))
            {
                yield return grandchild;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public static class Paths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ontraport.Mcp.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }
}
