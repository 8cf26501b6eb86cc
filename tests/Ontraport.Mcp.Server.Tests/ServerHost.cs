using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Sandbox;
using Ontraport.Testing;
using Serilog.Core;
using Serilog.Events;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The real host (Program) in-process on ASP.NET Core's TestServer, configured only through settings, exactly as an
/// operator would. Each test creates its own host, so each gets a fresh sandbox and nothing is shared between tests.
/// </summary>
public sealed class ServerHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public ServerHost(params (string Key, string? Value)[] settings)
    {
        _settings = settings.ToDictionary(s => s.Key, s => s.Value);
        // The start-up warm-up runs in the background; tests that count upstream requests, spans or log lines ask for
        // it explicitly (WarmupTests), the others start without it.
        _settings.TryAdd(Hosting.Warmup.SettingName, "false");
    }

    /// <summary>
    /// A host whose clock (client timeouts, rate limits, the sandbox's data and delays) is <paramref name="time"/>. A
    /// manual clock stands still, and the per-minute rate limit refills on it, so unless the test sets its own limit the
    /// limit is raised far above what one test sends.
    /// </summary>
    public ServerHost(TimeProvider time, params (string Key, string? Value)[] settings)
        : this(settings.Any(s => s.Key == "ONTRAPORT_RATE_LIMIT_PER_MINUTE") ? settings : [.. settings, ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "100000")])
    {
        Time = time;
    }

    /// <summary>
    /// A host on a manual clock that starts at <paramref name="clockStart"/> (<see cref="MidWeek"/>, <see cref="Weekend"/>)
    /// and moves only through <see cref="Clock"/>, so "this week", "overdue" and due dates are the same on every run.
    /// </summary>
    public ServerHost(DateTimeOffset clockStart, params (string Key, string? Value)[] settings)
        : this(new FakeClock(clockStart), settings)
    {
    }

    /// <summary>Wednesday 2026-11-18 17:00 UTC, 09:00 in the demo account's America/Los_Angeles (the Query tests' clock).</summary>
    public static readonly DateTimeOffset MidWeek = new(2026, 11, 18, 17, 0, 0, TimeSpan.Zero);

    /// <summary>Sunday 2026-11-22 15:00 UTC, 07:00 in the demo account's America/Los_Angeles (the Manage and Commerce tests' clock).</summary>
    public static readonly DateTimeOffset Weekend = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);

    /// <summary>The clock the server and its sandbox use, when the test supplies one.</summary>
    public TimeProvider? Time { get; }

    /// <summary>Registrations after the server's own (they win): an in-memory telemetry exporter, one sandbox shared by several instances.</summary>
    public Action<IServiceCollection>? AddServices { get; init; }

    /// <summary>The manual clock of a host made with one (<see cref="ServerHost(DateTimeOffset, ValueTuple{string, string}[])"/>).</summary>
    public FakeClock Clock => Time as FakeClock ?? throw new InvalidOperationException("This host was made without a manual clock.");

    private McpClient? _client;

    /// <summary>The client <see cref="StartAsync"/> connected (a test class calls it from its InitializeAsync).</summary>
    public McpClient Client => _client ?? throw new InvalidOperationException("Call StartAsync first (or ConnectAsync for a client of your own).");

    /// <summary>Connects <see cref="Client"/> over the default endpoint; the host disposes it with itself.</summary>
    public async Task StartAsync() => _client ??= await ConnectAsync();

    /// <summary>Calls a tool through <see cref="Client"/>.</summary>
    public Task<ToolAnswer> CallAsync(string tool, object? arguments = null) => Client.CallAsync(tool, arguments);

    /// <summary>Upstream requests so far, metadata reads excluded (those are cached and allowed before validation).</summary>
    public int UpstreamCount => UpstreamRequests().Count;

    /// <summary>Upstream requests that could change something (anything but a read).</summary>
    public IReadOnlyList<SandboxRecordedRequest> Writes => [.. UpstreamRequests().Where(r => r.Method != "GET")];

    /// <summary>How many requests read records of this object type (<c>GET objects?objectID=N</c>).</summary>
    public int ListRequestsFor(int objectTypeId) =>
        UpstreamRequests().Count(r => r.Method == "GET" && r.Path == "objects" && r.QueryString.Split('&').Contains($"objectID={objectTypeId}"));

    public override async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>Everything the server logged, rendered, for assertions (e.g. that no secret was ever written).</summary>
    public LogCapture Logs { get; } = new();

    public OntraportSandbox Sandbox => Services.GetRequiredService<OntraportSandbox>();

    /// <summary>The demo account the server uses in sandbox mode.</summary>
    public SandboxAccount DemoAccount => Sandbox.Account(ServerSettings.SandboxAppId);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            if (Time is not null)
            {
                services.AddSingleton(Time);
            }

            AddServices?.Invoke(services);
        });
    }

    public async Task<McpClient> ConnectAsync(string? protocolVersion = null, IDictionary<string, string>? headers = null, string path = "mcp")
    {
        var http = CreateDefaultClient();
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, path),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        }, http, NullLoggerFactory.Instance, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, new McpClientOptions
        {
            ProtocolVersion = protocolVersion,
            ClientInfo = new Implementation { Name = "e2e-tests", Version = "1.0" },
        });
    }

    /// <summary>
    /// Serves the host on a real Kestrel socket on loopback (for clients outside this process: node, the conformance
    /// suite) and returns its MCP endpoint, with "localhost" as the host name those clients send. A test that must name
    /// its own address in a setting before the host starts (oauth mode's ONTRAPORT_MCP_PUBLIC_URL) passes the
    /// <paramref name="port"/> it took from <see cref="FreeLoopbackPort"/>.
    /// </summary>
    public Uri StartOnLoopback(int port = 0)
    {
        // Listen through Kestrel's own options: UseKestrel(int) rewrites the server addresses after building the host,
        // which intermittently fails ("cannot be modified after the server has started") when factories start in parallel.
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        StartServer();
        var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        return new Uri(new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)), "/mcp");
    }

    /// <summary>A loopback port that was free a moment ago (the OS hands out ephemeral ports in turn, so it stays free).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Upstream requests the demo account received, except metadata reads (which tools cache).</summary>
    public IReadOnlyList<SandboxRecordedRequest> UpstreamRequests(SandboxAccount? account = null) =>
        [.. (account ?? DemoAccount).Requests.Where(r => !r.Path.Equals("objects/meta", StringComparison.OrdinalIgnoreCase))];
}

/// <summary>Small conversions the tests' assertions share.</summary>
public static class TestValues
{
    /// <summary>JSON as Ontraport's clients send it (no HTML escaping of &lt; and &gt;).</summary>
    public static string Compact(JsonNode? node) =>
        node!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static long Unix(DateTimeOffset time) => time.ToUnixTimeSeconds();

    public static DateTimeOffset FromUnix(string? seconds) => DateTimeOffset.FromUnixTimeSeconds(long.Parse(seconds!, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Ids in a membership list such as <c>contact_cat</c> (<c>*/*1*/*3*/*</c>).</summary>
    public static IReadOnlyList<string> ListOf(string? value) => value?.Split("*/*", StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>The number in a money answer such as <c>"1,234.50 USD"</c>.</summary>
    public static decimal Amount(JsonNode? money) =>
        decimal.Parse(money!.GetValue<string>().Split(' ')[0].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A Serilog sink that keeps every rendered event.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _warnings = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Events logged at Warning or above.</summary>
    public IReadOnlyList<string> Warnings => [.. _warnings];

    /// <summary>Events logged at Error or above (an exception that escaped the tool filter, a crash in the endpoint…).</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    public void Emit(LogEvent logEvent)
    {
        var line = logEvent.RenderMessage() + (logEvent.Exception is null ? "" : Environment.NewLine + logEvent.Exception);
        _lines.Enqueue(line);
        if (logEvent.Level >= LogEventLevel.Warning)
        {
            _warnings.Enqueue(line);
        }

        if (logEvent.Level >= LogEventLevel.Error)
        {
            _errors.Enqueue(line);
        }
    }
}

/// <summary>A tool answer: the JSON the tool returned (or its error text).</summary>
public sealed record ToolAnswer(bool IsError, string Text)
{
    public JsonNode Json => JsonNode.Parse(Text) ?? throw new InvalidOperationException("The answer is not JSON: " + Text);

    public override string ToString() => (IsError ? "ERROR: " : "") + Text;
}

public static class McpClientCalls
{
    public static async Task<ToolAnswer> CallAsync(this McpClient client, string tool, object? arguments = null)
    {
        var dictionary = arguments is null
            ? new Dictionary<string, object?>()
            : JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!;
        var result = await client.CallToolAsync(tool, dictionary);
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
        return new ToolAnswer(result.IsError == true, text);
    }

    public static JsonNode Ok(this ToolAnswer answer)
    {
        Assert.False(answer.IsError, answer.Text);
        return answer.Json;
    }

    public static string Error(this ToolAnswer answer)
    {
        Assert.True(answer.IsError, "expected an error, got: " + answer.Text);
        return answer.Text;
    }
}
