using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Ontraport.Client.Diagnostics;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Sandbox;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Issue 22, start part: a mode registers only what it uses, and the start-up warm-up (Hosting/Warmup.cs) warms the call
/// path without being anybody's call: no upstream request on the host's sandbox or account, no span, no metric, no
/// request log line, no audit line. In account mode it reads the account's metadata before the first call.
/// </summary>
[Collection(TelemetryCollection.Name)] // its in-memory exporters see the process's meters and sources, as TelemetryTests' do
public sealed class WarmupTests
{
    private static readonly string[] OAuthOnlyAssemblies = ["OpenIddict", "Microsoft.EntityFrameworkCore", "Npgsql", "StackExchange.Redis", "OpenTelemetry.Exporter.OpenTelemetryProtocol"];

    public static TheoryData<string, (string, string?)[]> ModesWithoutOAuth() => new()
    {
        { "sandbox", [] },
        { "account", [("ONTRAPORT_APP_ID", "2_AppID_777"), ("ONTRAPORT_API_KEY", "account-key-123456"), ("ONTRAPORT_BASE_URL", "http://127.0.0.1:9/1/")] },
        { "passthrough", [("ONTRAPORT_MCP_MODE", "passthrough")] },
    };

    [Theory]
    [MemberData(nameof(ModesWithoutOAuth))]
    public async Task Sandbox_account_and_passthrough_modes_register_no_OpenIddict_EF_Core_Redis_or_OTLP_services(string mode, (string, string?)[] settings)
    {
        IServiceCollection? registered = null;
        await using var host = new ServerHost(settings) { AddServices = services => registered = services };
        Assert.Equal(mode, host.Services.GetRequiredService<ServerSettings>().Mode.ToString().ToLowerInvariant());

        Assert.NotNull(registered);
        Assert.Empty(Foreign(registered));
        Assert.Null(host.Services.GetRequiredService<Hosting.Distributed.DistributedState>().Redis);
    }

    [Fact]
    public async Task OAuth_mode_does_register_them_so_the_check_above_can_fail()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ontraport-warmup-tests", Guid.NewGuid().ToString("N"));
        try
        {
            IServiceCollection? registered = null;
            await using var host = new ServerHost(("ONTRAPORT_MCP_MODE", "oauth"), ("ONTRAPORT_MCP_PUBLIC_URL", "http://localhost"),
                ("ONTRAPORT_MCP_DATABASE", Path.Combine(directory, "oauth.db")), ("ONTRAPORT_MCP_DATA_PROTECTION_KEYS", Path.Combine(directory, "keys")))
            {
                AddServices = services => registered = services,
            };
            _ = host.Services;
            Assert.Contains(Foreign(registered!), name => name.StartsWith("OpenIddict", StringComparison.Ordinal));
            Assert.Contains(Foreign(registered!), name => name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
            Assert.Equal("skipped", host.Services.GetRequiredService<Warmup>().Outcome ?? "skipped"); // oauth mode warms nothing
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static List<string> Foreign(IServiceCollection services) =>
    [
        .. services.SelectMany(d => new[] { d.ServiceType, d.IsKeyedService ? d.KeyedImplementationType : d.ImplementationType })
            .Where(t => t is not null)
            .Select(t => t!.Assembly.GetName().Name!)
            .Where(name => OAuthOnlyAssemblies.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            .Distinct(),
    ];

    [Fact]
    public async Task The_warm_up_calls_through_the_pipeline_and_is_counted_nowhere_while_a_real_call_is()
    {
        var spans = new Locked<Activity>();
        var metrics = new Locked<MetricSnapshot>();
        var audit = Path.Combine(Path.GetTempPath(), "ontraport-warmup-tests", Guid.NewGuid().ToString("N"), "audit.log");
        await using var host = new ServerHost(("ONTRAPORT_MCP_WARMUP", "true"), ("ONTRAPORT_MCP_AUDIT_LOG", audit))
        {
            AddServices = services => services
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))
                .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)),
        };
        host.CreateClient().Dispose(); // starts the server: the warm-up begins once it listens
        var warmup = host.Services.GetRequiredService<Warmup>();
        await warmup.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal("warm", warmup.Outcome);

        Flush(host);
        // Its calls went to a sandbox of its own; the embedded demo account saw only the read of its metadata.
        Assert.Empty(host.UpstreamRequests());
        var demo = host.Services.GetRequiredService<OntraportSandbox>().Account(ServerSettings.SandboxAppId);
        Assert.Contains("objects/meta", Assert.Single(demo.Requests).Path, StringComparison.Ordinal);
        Assert.DoesNotContain(spans.Copy(), s => s.Source.Name is ServerTelemetry.McpSdkName or OntraportTelemetry.Name);
        Assert.DoesNotContain(metrics.Copy(), m => m.Name == "ontraport.mcp.tool.calls" || m.MeterName == OntraportTelemetry.Name);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("tools/call", StringComparison.Ordinal) || l.Contains("/mcp", StringComparison.Ordinal));
        Assert.Empty(host.Logs.Warnings);
        Assert.False(File.Exists(audit) && new FileInfo(audit).Length > 0, "the warm-up wrote to the audit log");

        // The same observers see a customer's call: the checks above could fail.
        await using var client = await host.ConnectAsync();
        (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 3 })).Ok();
        Flush(host);
        Assert.Contains(spans.Copy(), s => s.Source.Name == ServerTelemetry.McpSdkName && s.DisplayName == "tools/call get_objects");
        Assert.Contains(metrics.Copy(), m => m.Name == "ontraport.mcp.tool.calls");
        Assert.Contains(metrics.Copy(), m => m.MeterName == OntraportTelemetry.Name);
        Assert.NotEmpty(host.UpstreamRequests());
        Assert.Single(demo.Requests, r => r.Path.Contains("objects/meta", StringComparison.Ordinal)); // the call found it cached
    }

    [Fact]
    public async Task A_server_listed_without_get_objects_warms_with_tools_list_only_and_audits_no_refusal()
    {
        await using var host = new ServerHost(("ONTRAPORT_MCP_WARMUP", "true"), ("ONTRAPORT_MCP_READ_ONLY", "true"), ("ONTRAPORT_MCP_EXCLUDE_TOOLS", "get_objects"));
        host.CreateClient().Dispose();
        var warmup = host.Services.GetRequiredService<Warmup>();
        await warmup.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.StartsWith("warm (tools/list only", warmup.Outcome, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Account_mode_reads_the_accounts_metadata_at_start_with_the_configured_credentials_and_nothing_else()
    {
        var (upstream, address) = await StartSandboxAsync();
        await using var _ = upstream;
        await using var host = new ServerHost(("ONTRAPORT_MCP_WARMUP", "true"),
            ("ONTRAPORT_APP_ID", "2_AppID_777"), ("ONTRAPORT_API_KEY", "account-key-123456"), ("ONTRAPORT_BASE_URL", address + "/1/"));
        host.CreateClient().Dispose();
        var warmup = host.Services.GetRequiredService<Warmup>();
        await warmup.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal("warm", warmup.Outcome);

        var account = upstream.Services.GetRequiredService<OntraportSandbox>().Account("2_AppID_777");
        var request = Assert.Single(account.Requests); // the metadata, and not the warm-up's get_objects
        Assert.Equal("account-key-123456", request.ApiKey);
        Assert.Contains("objects/meta", request.Path, StringComparison.Ordinal);

        // The first call finds the metadata cached: no second objects/meta.
        await using var client = await host.ConnectAsync();
        (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 3 })).Ok();
        Assert.Single(account.Requests, r => r.Path.Contains("objects/meta", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_account_mode_an_unreachable_upstream_at_start_is_a_warning_not_a_failed_start()
    {
        await using var host = new ServerHost(("ONTRAPORT_MCP_WARMUP", "true"),
            ("ONTRAPORT_APP_ID", "2_AppID_777"), ("ONTRAPORT_API_KEY", "account-key-123456"), ("ONTRAPORT_BASE_URL", "http://127.0.0.1:9/1/"));
        using var http = host.CreateClient();
        var warmup = host.Services.GetRequiredService<Warmup>();
        await warmup.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.StartsWith("failed: ", warmup.Outcome, StringComparison.Ordinal);
        Assert.Contains(host.Logs.Warnings, l => l.Contains("warm-up failed", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("account-key-123456", StringComparison.Ordinal));
        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Readiness_answers_503_while_the_warm_up_runs_and_200_once_it_ended_while_liveness_answers_200_throughout()
    {
        // Account mode's warm-up ends with a read of the account's metadata: an upstream that holds its answers back until
        // the test opens the gate keeps the warm-up running for as long as the test needs, without a clock.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (upstream, address) = await StartSandboxAsync(gate.Task);
        await using var _ = upstream;
        await using var host = new ServerHost(("ONTRAPORT_MCP_WARMUP", "true"),
            ("ONTRAPORT_APP_ID", "2_AppID_777"), ("ONTRAPORT_API_KEY", "account-key-123456"), ("ONTRAPORT_BASE_URL", address + "/1/"));
        using var http = host.CreateClient();
        var warmup = host.Services.GetRequiredService<Warmup>();

        using (var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("""{"status":"warming","mode":"account"}""", await ready.Content.ReadAsStringAsync());
        }

        using (var live = await http.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        }

        Assert.False(warmup.Completion.IsCompleted);
        gate.SetResult();
        await warmup.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal("warm", warmup.Outcome);
        using (var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("""{"status":"ok","mode":"account"}""", await ready.Content.ReadAsStringAsync()); // /health's body
        }

        // A 503 from /health/ready is an answer, not a server error: the request log does not call it one.
        Assert.DoesNotContain(host.Logs.Errors, l => l.Contains("/health/ready", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_warm_up_the_server_is_ready_at_once()
    {
        await using var host = new ServerHost(("ONTRAPORT_MCP_WARMUP", "false"));
        using var http = host.CreateClient();
        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("""{"status":"ok","mode":"sandbox"}""", await ready.Content.ReadAsStringAsync());
    }

    private static void Flush(ServerHost host)
    {
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    private static async Task<(WebApplication App, string Address)> StartSandboxAsync(Task? gate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddOntraportSandbox();
        var app = builder.Build();
        if (gate is not null)
        {
            app.Use(async (context, next) =>
            {
                await gate.WaitAsync(context.RequestAborted);
                await next(context);
            });
        }

        app.MapOntraportSandbox("/1");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        return (app, address);
    }
}
