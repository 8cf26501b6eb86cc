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

    /// <summary>The clock the server and its sandbox use, when the test supplies one.</summary>
    public TimeProvider? Time { get; }

    /// <summary>Extra registrations after the server's own (they win), e.g. one sandbox shared by several instances.</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

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

            ConfigureTestServices?.Invoke(services);
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
    /// suite) and returns its MCP endpoint, with "localhost" as the host name those clients send.
    /// </summary>
    public Uri StartOnLoopback()
    {
        // Listen through Kestrel's own options: UseKestrel(int) rewrites the server addresses after building the host,
        // which intermittently fails ("cannot be modified after the server has started") when factories start in parallel.
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        return new Uri(new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)), "/mcp");
    }

    /// <summary>Upstream requests the demo account received, except metadata reads (which tools cache).</summary>
    public IReadOnlyList<SandboxRecordedRequest> UpstreamRequests(SandboxAccount? account = null) =>
        [.. (account ?? DemoAccount).Requests.Where(r => !r.Path.Equals("objects/meta", StringComparison.OrdinalIgnoreCase))];
}

/// <summary>A Serilog sink that keeps every rendered event.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Events logged at Error or above (an exception that escaped the tool filter, a crash in the endpoint…).</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    public void Emit(LogEvent logEvent)
    {
        var line = logEvent.RenderMessage() + (logEvent.Exception is null ? "" : Environment.NewLine + logEvent.Exception);
        _lines.Enqueue(line);
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
