using System.Diagnostics;
using System.Net;
using System.Text;
using Ontraport.Client;
using Ontraport.Client.Diagnostics;
using Ontraport.Mcp.Server.Hosting.Authentication;
using Ontraport.Sandbox;
using OpenTelemetry;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// The first call after a start pays for JIT and first-use work (the SDK's request handling, the call chain, the client's
/// pipeline, shaping): hundreds of milliseconds, where the second takes a few. Right after the start, in the background,
/// this sends one <c>tools/list</c> and one <c>get_objects</c> through the app's own request pipeline (everything after
/// request logging: routing, the endpoint checks, the mode's authentication, the SDK, the call chain, the tool), without
/// a socket. The tool's client talks to a private in-process sandbox with its own rate limits and metadata cache, so
/// nothing reaches Ontraport and no account's limit is used; the calls are not counted in metrics, traces, the audit
/// trail or the request log. In account mode the account's metadata (<c>objects/meta</c>) is then read with the
/// configured credentials, so the first call finds it cached. Every failure is logged and ends the warm-up, never the
/// process. oauth mode warms nothing: each call there needs a person's grant.
/// <para>
/// It does not hold back the endpoint: <c>/health</c> (liveness) and <c>/mcp</c> answer from the first moment (a call that
/// arrives meanwhile is served as it would be without the warm-up and shares the JIT work already done).
/// <c>/health/ready</c> (readiness) answers 503 until <see cref="Completion"/>, so an orchestrator or load balancer that
/// asks it sends the first call to a warm process. Set <c>ONTRAPORT_MCP_WARMUP=false</c> to skip it (ready at once).
/// </para>
/// </summary>
public sealed class Warmup : IAsyncDisposable
{
    public const string SettingName = "ONTRAPORT_MCP_WARMUP";

    private static readonly AsyncLocal<bool> Running = new();

    private readonly ServerSettings _settings;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<Warmup> _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private RequestDelegate? _pipeline;

    private readonly IServiceProvider _services;

    public Warmup(ServerSettings settings, IConfiguration configuration, IServiceProvider services, IServiceScopeFactory scopes, TimeProvider time, ILogger<Warmup> logger)
    {
        if (!Enabled(configuration, settings))
        {
            _done.TrySetResult();
        }

        _services = services;
        _settings = settings;
        _scopes = scopes;
        _logger = logger;
        _time = time;
    }

    /// <summary>Whether the current flow is the warm-up's own call (metrics and the tool's client look).</summary>
    public static bool IsRunning => Running.Value;

    /// <summary>The clients of the warm-up's calls: a private sandbox, limits and metadata cache of their own.</summary>
    internal OntraportClientFactory Clients => _clients ?? throw new InvalidOperationException("No warm-up is running.");

    private OntraportClientFactory? _clients;

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The finished warm-up (completed at once when there is none; pending until it has run when there is one, even
    /// before <see cref="Start"/> was called); never faults.
    /// </summary>
    public Task Completion => _done.Task;

    /// <summary>How it ended: "warm", "skipped: …" or "failed: …" (for tests and the log line).</summary>
    public string? Outcome { get; private set; }

    /// <summary>Whether the server warms at all: on unless <see cref="SettingName"/> is false, and never in oauth mode.</summary>
    public static bool Enabled(IConfiguration configuration, ServerSettings settings) =>
        settings.Mode != ServerMode.OAuth && !string.Equals(configuration[SettingName]?.Trim(), "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Keeps the rest of the request pipeline (what follows request logging), for <see cref="Start"/>.</summary>
    internal RequestDelegate Capture(RequestDelegate next)
    {
        _pipeline = next;
        return next;
    }

    /// <summary>Starts the warm-up in the background (called once the server listens).</summary>
    public void Start()
    {
        _started = true;
        _ = Task.Run(async () =>
        {
            try
            {
                await RunAsync(_stopping.Token);
            }
            finally
            {
                _done.TrySetResult();
            }
        });
    }

    private volatile bool _started;

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            Outcome = await WarmAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Outcome = "skipped: the server is stopping";
        }
#pragma warning disable CA1031 // a warm-up must never stop the server: anything it meets is logged and ends it
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Outcome = "failed: " + ex.GetType().Name;
            _logger.LogWarning("The start-up warm-up failed ({Error}); the first calls will be slower, nothing else changes", ex.GetType().Name + ": " + ex.Message);
        }

        _logger.LogDebug("Warm-up: {Outcome} in {Milliseconds:0} ms", Outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<string> WarmAsync(CancellationToken cancellationToken)
    {
        if (_pipeline is null)
        {
            return "skipped: no request pipeline";
        }

        var outcome = await CallThroughThePipelineAsync(cancellationToken);

        // The host's own client pipeline (its handlers, options and resilience pipeline) is built at its first use: build
        // it now. Nothing is sent: a handler connects only when a request goes out.
        _services.GetRequiredService<OntraportClientFactory>();
        _services.GetRequiredService<IHttpClientFactory>().CreateClient(Client.Http.OntraportTransport.HttpClientName).Dispose();

        if (_settings.UsesInProcessSandbox)
        {
            // The embedded sandbox seeds an account at its first use: the demo account now (no request, nothing recorded).
            _services.GetRequiredService<OntraportSandbox>().Account(ServerSettings.SandboxAppId);
        }

        // The private sandbox and what the first calls left behind are garbage now: give the memory back to the system
        // once, so the process idles as small as it would without the warm-up.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        if (_settings.Mode == ServerMode.Sandbox && _settings.UsesInProcessSandbox)
        {
            await ReadTheDemoMetadataAsync(cancellationToken);
        }

        if (_settings.Mode == ServerMode.Account && _settings.AccountCredentials is { } credentials)
        {
            // A real upstream request with the configured credentials, counted like any other: the first call then finds
            // the account's fields in the cache instead of reading them first.
            using var scope = _scopes.CreateScope();
            var client = scope.ServiceProvider.GetRequiredService<OntraportClientFactory>().Create(credentials);
            await client.GetMetadataAsync(cancellationToken);
        }

        return outcome;
    }

    /// <summary>
    /// In sandbox mode the embedded demo account's metadata is read too, so the first call finds it cached (measured: the
    /// first get_objects after readiness went from ~50 to ~25 ms, the second being ~7). The demo is nobody's account, so
    /// this read is counted in no metric or span (account mode's read is a real request and is counted); the sandbox's
    /// request log shows it. What this method sets for its flow ends with it.
    /// </summary>
    private async Task ReadTheDemoMetadataAsync(CancellationToken cancellationToken)
    {
        OntraportTelemetry.RecordNothingInThisFlow();
        using (SuppressInstrumentationScope.Begin())
        {
            using var scope = _scopes.CreateScope();
            var client = scope.ServiceProvider.GetRequiredService<OntraportClientFactory>()
                .Create(new OntraportCredentials(ServerSettings.SandboxAppId, ServerSettings.SandboxApiKey));
            await client.GetMetadataAsync(cancellationToken);
        }
    }

    /// <summary>The warm-up's own calls, on its private sandbox; what this method sets for its flow ends with it.</summary>
    private async Task<string> CallThroughThePipelineAsync(CancellationToken cancellationToken)
    {
        var outcome = "warm";
        OntraportTelemetry.RecordNothingInThisFlow(); // this flow only: it ends with this method
        using (SuppressInstrumentationScope.Begin()) // no spans or metrics of the warm-up's own calls
        {
            // Its own sandbox, dropped afterwards (the memory goes back): nothing of it outlives the warm-up.
            await using var clients = PrivateClients(_time, _settings);
            _clients = clients.GetRequiredService<OntraportClientFactory>();
            Running.Value = true;
            try
            {
                // Twice: reflection and dependency injection build their fast paths at the second use, not the first.
                for (var round = 0; round < 2; round++)
                {
                    var tools = await SendAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", cancellationToken);
                    if (!tools.Contains("\"get_objects\"", StringComparison.Ordinal))
                    {
                        // Only a tool this server offers: a refused call would be audited.
                        outcome = "warm (tools/list only: get_objects is not offered)";
                        continue;
                    }

                    var answer = await SendAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_objects","arguments":{"object_type":"contacts","limit":20}}}""", cancellationToken);
                    if (answer.Contains("\"isError\":true", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException("the warm-up's get_objects answered an error: " + McpHttpErrors.Shorten(answer, 200));
                    }
                }
            }
            finally
            {
                Running.Value = false;
                _clients = null;
            }
        }

        return outcome;
    }

    private async Task<string> SendAsync(string body, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = cancellationToken };
        var request = context.Request;
        request.Method = HttpMethods.Post;
        request.Scheme = "http";
        request.Host = new HostString("localhost");
        request.Path = "/mcp";
        request.ContentType = "application/json";
        request.Headers.Accept = "application/json, text/event-stream";
        request.Headers["MCP-Protocol-Version"] = "2025-11-25";
        request.Headers.UserAgent = "ontraport-mcp-warmup";
        if (_settings.AccessTokens.Count > 0)
        {
            request.Headers.Authorization = "Bearer " + _settings.AccessTokens[0];
        }

        if (_settings.Mode == ServerMode.Passthrough)
        {
            // Any credentials do: the warm-up's client talks to its private sandbox.
            request.Headers["Api-Appid"] = ServerSettings.SandboxAppId;
            request.Headers["Api-Key"] = ServerSettings.SandboxApiKey;
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Connection.LocalIpAddress = IPAddress.Loopback;
        using var answer = new MemoryStream();
        context.Response.Body = answer;
        await _pipeline!(context);
        await context.Response.CompleteAsync();

        var text = Encoding.UTF8.GetString(answer.ToArray());
        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"the warm-up's request answered {context.Response.StatusCode}: {McpHttpErrors.Shorten(text, 200)}");
        }

        return text;
    }

    private static ServiceProvider PrivateClients(TimeProvider time, ServerSettings settings)
    {
        var sandbox = new OntraportSandbox(new SandboxOptions { TimeProvider = time, RateLimitPerMinute = 100_000 });
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddOntraportClient(options =>
            {
                options.BaseAddress = ServerSettings.InProcessSandboxBase;
                options.RateLimitPerMinute = 100_000;
                options.CallBudget = settings.CallBudget;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SandboxHttpMessageHandler(sandbox));
        return services.BuildServiceProvider();
    }

    /// <summary>Ends a warm-up still running (the server stops); it gives up at its next step.</summary>
    public void Stop() => _stopping.Cancel();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (!_started)
        {
            _done.TrySetResult(); // the server stopped before it listened: no warm-up will run
        }

        await Completion;
        _stopping.Dispose();
    }
}
