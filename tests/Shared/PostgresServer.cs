using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ontraport.Testing;

/// <summary>
/// A real PostgreSQL server (Debian's postgresql package) for one test class: <c>initdb</c> into a temp folder, then
/// <c>postgres</c> on 127.0.0.1 on a free port, stopped and removed on dispose. Tests get a fresh database each from
/// <see cref="CreateDatabaseAsync"/>, so they never see each other's rows. Postgres refuses to run as root, so under
/// root (CI, this machine) both run as the Debian <c>postgres</c> user through <c>setpriv</c>, which execs (unlike
/// runuser, which forks), so the process we hold is the postmaster itself and stopping it stops the server.
/// Use as an <c>IClassFixture</c> with <see cref="PostgresFactAttribute"/> on the tests.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string SystemUser = "postgres";
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _postgres;
    private string? _directory;

    /// <summary>The newest <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> with initdb and postgres, or null.</summary>
    public static string? BinDirectory { get; } = FindBinaries();

    /// <summary>Why the tests that need a server skip here; null when they can run.</summary>
    public static string? SkipReason { get; } = BinDirectory is null
        ? "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb and postgres); install the Debian package postgresql (.ci/run does)."
        : RunsAsRoot && !File.Exists(SetPriv) ? "PostgreSQL refuses root, and switching to the postgres user needs setpriv (Debian package util-linux)." : null;

    private const string SetPriv = "/usr/bin/setpriv";

    private static bool RunsAsRoot => Environment.IsPrivilegedProcess;

    public int Port { get; private set; }

    /// <summary>Everything the server wrote, for a failure message.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return; // the tests skip; nothing to start
        }

        _directory = Path.Combine(Path.GetTempPath(), "ontraport-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        if (RunsAsRoot)
        {
            await RunAsync("chown", [SystemUser, _directory], asPostgres: false);
        }

        var data = Path.Combine(_directory, "data");
        await RunAsync(Path.Combine(BinDirectory!, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"], asPostgres: true);

        // A port taken between our probe and postgres binding it fails the start; try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            if (await TryStartAsync(data))
            {
                return;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException("PostgreSQL did not start:" + Environment.NewLine + Log);
            }
        }
    }

    /// <summary>A new, empty database on this server; returns its Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        if (_postgres is null)
        {
            throw new InvalidOperationException("The PostgreSQL server is not running: " + (SkipReason ?? Log));
        }

        var name = "test_" + Guid.NewGuid().ToString("N");
        await RunAsync(Path.Combine(BinDirectory!, "psql"), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", $"CREATE DATABASE \"{name}\""], asPostgres: false);
        return ConnectionString(name);
    }

    /// <summary>Runs SQL as the superuser (e.g. to make a database refuse connections for an outage).</summary>
    public Task SqlAsync(string sql) =>
        RunAsync(Path.Combine(BinDirectory!, "psql"), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], asPostgres: false);

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=15;Command Timeout=30";

    public async Task DisposeAsync()
    {
        if (_postgres is { } postgres)
        {
            if (!postgres.HasExited)
            {
                // SIGINT is postgres's fast shutdown: it ends the sessions and stops; a stuck server gets SIGKILL after 20 s.
                using (var signal = Process.Start(new ProcessStartInfo("kill", ["-INT", postgres.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
                {
                    await signal!.WaitForExitAsync();
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await postgres.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    postgres.Kill(entireProcessTree: true);
                }
            }

            postgres.Dispose();
        }

        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task<bool> TryStartAsync(string data)
    {
        var port = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Start(Path.Combine(BinDirectory!, "postgres"),
            ["-D", data, "-p", port, "-k", _directory!, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"],
            asPostgres: true);
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_log)
            {
                _log.AppendLine(e.Data);
            }

            if (e.Data.Contains("database system is ready to accept connections", StringComparison.Ordinal))
            {
                _ready.TrySetResult();
            }
        }

        process.ErrorDataReceived += OnLine;
        process.OutputDataReceived += OnLine;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        // Wait on signals: the server's own "ready" line or its exit (a taken port), bounded in case it hangs.
        var exited = process.WaitForExitAsync();
        var finished = await Task.WhenAny(_ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (finished != _ready.Task)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            return false;
        }

        _postgres = process;

        // Ready means ready; still prove it with a real connection (pg_isready), as clients will make.
        await RunAsync(Path.Combine(BinDirectory!, "pg_isready"), ["-h", "127.0.0.1", "-p", port, "-U", "postgres", "-t", "10"], asPostgres: false);
        return true;
    }

    private static Process Start(string file, string[] arguments, bool asPostgres)
    {
        var start = asPostgres && RunsAsRoot
            ? new ProcessStartInfo(SetPriv, ["--reuid=" + SystemUser, "--regid=" + SystemUser, "--init-groups", "--", file, .. arguments])
            : new ProcessStartInfo(file, arguments);
        start.UseShellExecute = false;
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        start.Environment["LC_ALL"] = "C";
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start " + file);
    }

    private static async Task RunAsync(string file, string[] arguments, bool asPostgres)
    {
        using var process = Start(file, arguments, asPostgres);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited {process.ExitCode}: {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "psql")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault();
    }
}

/// <summary>A test that needs <see cref="PostgresServer"/>: skipped, with the reason, when PostgreSQL is not installed.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
