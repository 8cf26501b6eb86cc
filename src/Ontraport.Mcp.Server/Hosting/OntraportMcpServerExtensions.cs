using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Protocol;
using Ontraport.Client;
using Ontraport.Mcp.Server.Tools;
using Ontraport.Sandbox;
using Serilog.Core;
using Serilog.Extensions.Logging;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// Wires the server: settings, logging, the Ontraport client (or the embedded sandbox), MCP and the endpoints. Settings
/// are read from configuration when the container is built, so every configuration source counts; invalid settings stop
/// the start in <see cref="MapOntraportMcpServer"/>.
/// </summary>
public static class OntraportMcpServerExtensions
{
    public static WebApplicationBuilder AddOntraportMcpServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp => ServerSettings.Load(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => SecretRegistry.From(sp.GetRequiredService<ServerSettings>()));

        builder.Logging.ClearProviders();
        services.AddSingleton<ILoggerProvider>(sp => new SerilogLoggerProvider(
            ServerLogging.Create(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ServerSettings>(),
                sp.GetRequiredService<SecretRegistry>(), sp.GetServices<ILogEventSink>()),
            dispose: true));

        services.TryAddSingleton(TimeProvider.System);
        services.AddOntraportClient(_ => { })
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<ServerSettings>().UsesInProcessSandbox
                // Sandbox mode talks to the emulator in-process: the whole client pipeline runs, only the socket is skipped.
                ? new SandboxHttpMessageHandler(sp.GetRequiredService<OntraportSandbox>())
                : new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All });
        services.AddOptions<OntraportClientOptions>().Configure<ServerSettings>((options, settings) =>
        {
            options.BaseAddress = settings.UpstreamBase;
            options.RateLimitPerMinute = settings.RateLimitPerMinute;
            options.CallBudget = settings.CallBudget;
            options.RetryBaseDelay = settings.RetryBaseDelay;
        });
        services.AddSingleton(sp => new OntraportSandbox(new SandboxOptions
        {
            RateLimitPerMinute = sp.GetRequiredService<ServerSettings>().RateLimitPerMinute,
            TimeProvider = sp.GetRequiredService<TimeProvider>(),
            Faults = sp.GetRequiredService<ServerSettings>().SandboxFaults,
        }));

        // On SIGTERM, in-flight calls may run to the end of their budget before the process stops.
        services.AddOptions<HostOptions>().Configure<ServerSettings>((options, settings) => options.ShutdownTimeout = settings.CallBudget + TimeSpan.FromSeconds(5));

        services.AddSingleton<OriginPolicy>();
        services.AddSingleton<RequestCredentials>();
        services.AddSingleton<McpHttpEndpoint>();
        services.AddSingleton<ToolCallFilter>();
        services.AddSingleton<DuplicateGuard>();
        services.AddSingleton<AccountTimeZones>();
        services.AddSingleton<AuditTrail>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditTrail>());
        services.AddScoped<CallContext>();
        services.AddScoped<ToolSession>();
        services.AddScoped<RecordLookup>();

        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation
                {
                    Name = "ontraport-mcp",
                    Title = "Ontraport MCP server",
                    Version = typeof(OntraportMcpServerExtensions).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
                };
                options.ServerInstructions = ServerInstructions.Text;
            })
            .WithOntraportTools()
            .WithPrompts(ToolCatalog.Prompts)
            .WithRequestFilters(filters => filters
                .AddCallToolFilter(next => (request, cancellationToken) =>
                    request.Services!.GetRequiredService<ToolCallFilter>().InvokeAsync(request, next, cancellationToken))
                .AddListToolsFilter(next => async (request, cancellationToken) =>
                {
                    // tools/list shows exactly what tools/call accepts for this request.
                    var result = await next(request, cancellationToken);
                    if (request.Services?.GetService<CallContext>()?.Selection is { } selection)
                    {
                        result.Tools = [.. result.Tools.Where(t => selection.Allows(t.Name))];
                    }

                    return result;
                }));
        return builder;
    }

    public static WebApplication MapOntraportMcpServer(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<ServerSettings>(); // invalid settings stop the start here
        var endpoint = app.Services.GetRequiredService<McpHttpEndpoint>();
        foreach (var path in new[] { "/mcp", "/" })
        {
            app.MapPost(path, endpoint.HandlePostAsync);
            app.MapMethods(path, ["GET", "DELETE", "PUT", "PATCH"], endpoint.HandleOtherAsync);
        }

        app.MapGet("/health", () => Results.Json(new { status = "ok", mode = settings.Mode.ToString().ToLowerInvariant() }));
        if (settings.Mode == ServerMode.Sandbox)
        {
            app.MapOntraportSandbox("/sandbox/1");
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ontraport.Mcp.Server");
        app.Lifetime.ApplicationStarted.Register(() => WarnIfExposed(app, settings, logger));
        logger.LogInformation("Ontraport MCP server in {Mode} mode; upstream {Upstream}; {ToolCount} tools",
            settings.Mode.ToString().ToLowerInvariant(),
            settings.UsesInProcessSandbox ? "embedded sandbox (also served at /sandbox/1/)" : settings.UpstreamBase.ToString(),
            ToolCatalog.All.Count);
        return app;
    }

    /// <summary>An account-mode server reachable beyond loopback without endpoint tokens hands the account to anyone who finds it.</summary>
    private static void WarnIfExposed(WebApplication app, ServerSettings settings, ILogger logger)
    {
        if (settings.Mode != ServerMode.Account || settings.AccessTokens.Count > 0)
        {
            return;
        }

        var addresses = app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        if (exposed.Count > 0)
        {
            logger.LogWarning(
                "SECURITY WARNING: account mode is listening on {Addresses} without ONTRAPORT_MCP_ACCESS_TOKENS. Anyone who can reach this port can read and change the Ontraport account. Set ONTRAPORT_MCP_ACCESS_TOKENS or bind to localhost.",
                string.Join(", ", exposed));
        }
    }

    private static bool IsLoopback(string address) =>
        Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) &&
        (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));
}
