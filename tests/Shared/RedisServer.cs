using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Ontraport.Testing;

/// <summary>
/// A real redis-server for one test: on 127.0.0.1, on a free port, in a temporary folder, persisting nothing. Started
/// when "Ready to accept connections" appears on its output and a PING through StackExchange.Redis answers (no sleeps);
/// <see cref="Stop"/> and <see cref="StartAsync"/> again on the same port make an outage. Killed on dispose. Tests that
/// use it carry RedisFactAttribute and a class name with "Redis", so CI notices when they skip.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/redis-server";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "redis-test-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    private RedisServer()
    {
        Directory.CreateDirectory(_directory);
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public static bool Available => File.Exists(Binary);

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string of this server (the value of <c>ONTRAPORT_MCP_REDIS</c>).</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public bool Running => _process is { HasExited: false };

    public static async Task<RedisServer> StartNewAsync()
    {
        var server = new RedisServer();
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and returns once it answers PING.</summary>
    public async Task StartAsync()
    {
        if (Running)
        {
            return;
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory, "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
                if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("redis-server exited: " + string.Join(Environment.NewLine, output)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        await ready.Task.WaitAsync(StartTimeout);
        await using var client = await ConnectAsync();
        await client.GetDatabase().PingAsync();
    }

    /// <summary>A client of its own (abortConnect: fails if the server is not there).</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync(Configuration + ",abortConnect=true,connectTimeout=5000");

    /// <summary>Kills the server (its data is gone: it persists nothing) and waits until it has exited.</summary>
    public void Stop()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
            process.Dispose();
            _process = null;
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open by the exiting server; the temp folder is cleaned by the system
        }

        return ValueTask.CompletedTask;
    }
}
