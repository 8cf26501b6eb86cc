using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client;
using Ontraport.Client.Inferred;
using Ontraport.Mcp.Server.Hosting.Authentication;
using Ontraport.Mcp.Server.Hosting.Distributed;
using Ontraport.Mcp.Server.Hosting.ToolCalls;
using Ontraport.Mcp.Server.OAuth;
using Ontraport.Mcp.Server.Tools;
using Ontraport.Sandbox;
using Serilog;
using Serilog.Core;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// Wires the server: settings, logging, the Ontraport client (or the embedded sandbox), MCP and the endpoints. Settings
/// are read from configuration when the container is built, so every configuration source counts; invalid settings stop
/// the start in <see cref="MapOntraportMcpServer"/>.
/// </summary>
public static class OntraportMcpServerExtensions
{
    /// <summary>How long a client may reuse a tools/list answer: the list changes only with the server's configuration.</summary>
    public static readonly TimeSpan ToolListTimeToLive = TimeSpan.FromHours(1);

    private static readonly Dictionary<string, int> CatalogOrder = ToolCatalog.All.Select((tool, index) => (tool.Name, index)).ToDictionary();

    public static WebApplicationBuilder AddOntraportMcpServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp => ServerSettings.Load(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => SecretRegistry.From(sp.GetRequiredService<ServerSettings>()));
        services.AddSingleton(sp => sp.GetRequiredService<ServerSettings>().Inventory());

        services.AddHttpContextAccessor();
        services.AddSerilog((sp, logger) => ServerLogging.Configure(logger, sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<ServerSettings>(), sp.GetRequiredService<SecretRegistry>(),
            sp.GetRequiredService<IHttpContextAccessor>(), sp.GetServices<ILogEventSink>()),
            preserveStaticLogger: true); // each host its own logger: nothing per host in Serilog's static Log.Logger

        services.TryAddSingleton(TimeProvider.System);
        services.AddServerTelemetry(builder.Configuration);
        services.AddDistributedState(); // before the client: it decides the client's rate-limit partitions
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

        // The body limit is Kestrel's; the endpoint answers 413 with a JSON-RPC body when it is crossed.
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>().Configure<ServerSettings>((options, settings) =>
            options.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes);

        services.AddOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>().PostConfigure<ServerSettings>(TrustedProxies.Apply);
        services.AddSingleton<OriginPolicy>();
        builder.AddCallAuthentication(); // one scheme per mode, each filling the request's CallContext

        // Data Protection seals OAuth grants and a person's yes (Confirmations): with several instances its key ring is in
        // Redis in every mode, so a confirmation one instance sealed opens on any other. After the OAuth module: the last
        // repository configured wins.
        services.AddDataProtection();
        services.ShareKeyRingThroughRedis(builder.Configuration);

        services.AddSingleton(sp => ToolOptionsOf(sp.GetRequiredService<ServerSettings>()));
        services.AddSingleton(sp => new AccountTimeZones(sp.GetRequiredService<ToolOptions>().TimeZoneOverride, "ONTRAPORT_TIMEZONE"));
        // The warm-up's own calls (Hosting/Warmup.cs) use its private sandbox; every other call the host's client.
        services.AddSingleton<Warmup>();
        services.AddScoped(sp => new ToolAccount(Warmup.IsRunning ? sp.GetRequiredService<Warmup>().Clients : sp.GetRequiredService<OntraportClientFactory>()));
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<Confirmations>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditTrail>());
        services.AddScoped<CallContext>();
        services.AddScoped<ToolSession>();
        services.AddScoped<RecordLookup>();
        services.AddScoped<Tools.Commerce.Billing>();

        services.AddMcpServer(options =>
            {
                options.ServerInfo = ServerIdentity.Implementation;
                options.ServerInstructions = ServerInstructions.Text;
                options.Filters.Message.IncomingFilters.Add(McpEndpoint.NegotiateInitialize);
                options.Filters.Message.IncomingFilters.Add(ServerLogging.NameTheMethod);
                options.Filters.Message.OutgoingFilters.Add(ServerIdentity.IconOnlyWhereDisplayed);
            })
            .WithHttpTransport(options => options.SessionMode = HttpServerSessionMode.Stateless)
            .WithOntraportTools()
            .WithPrompts(ToolCatalog.Prompts)
            .WithRequestFilters(filters => filters
                .AddToolCallChain()
                .AddListToolsFilter(next => async (request, cancellationToken) =>
                {
                    var result = await next(request, cancellationToken);
                    var inventory = request.Services?.GetService<CallContext>()?.Inventory;

                    // tools/list shows exactly what tools/call accepts for this request, always in the catalog's order.
                    result.Tools = [.. result.Tools.Where(t => inventory?.Allows(t.Name) ?? true).OrderBy(t => CatalogOrder.GetValueOrDefault(t.Name, int.MaxValue))];
                    return Cacheable(result, request.JsonRpcRequest);
                })
                .AddListPromptsFilter(next => async (request, cancellationToken) => Cacheable(await next(request, cancellationToken), request.JsonRpcRequest)));

        // The MCP Apps views, after the SDK has collected the tools (Views/): ONTRAPORT_MCP_APPS=off leaves them out.
        services.AddOptions<McpServerOptions>().PostConfigure<ServerSettings>((options, settings) =>
        {
            if (settings.Apps)
            {
                Views.OntraportViews.AddTo(options);
            }
        });
        return builder;
    }

    /// <summary>
    /// Lists change only with the server's settings, so clients of the 2026-07-28 revision may reuse them for
    /// <see cref="ToolListTimeToLive"/>; privately, because what a list holds depends on who asks (narrowing headers,
    /// credentials, a grant's consent). Earlier revisions know no caching fields, so they get none.
    /// </summary>
    private static T Cacheable<T>(T result, JsonRpcRequest request) where T : ICacheableResult
    {
        if (string.CompareOrdinal(request.Context?.ProtocolVersion, McpEndpoint.PerRequestVersion) >= 0)
        {
            result.TimeToLive = ToolListTimeToLive;
            result.CacheScope = CacheScope.Private;
        }

        return result;
    }

    private static ToolOptions ToolOptionsOf(ServerSettings settings) => new(settings.TimeZoneOverride, settings.Mode == ServerMode.Sandbox);

    public static WebApplication MapOntraportMcpServer(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<ServerSettings>(); // invalid settings stop the start here
        if (settings.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders(); // first: every limit and log line below sees the client, not the proxy
        }

        if (Warmup.Enabled(app.Configuration, settings))
        {
            // Before request logging, so the warm-up also prepares the request logger (ServerLogging drops its lines);
            // started once the server listens.
            var warming = app.Services.GetRequiredService<Warmup>();
            app.Use(warming.Capture);
            app.Lifetime.ApplicationStarted.Register(warming.Start);
            app.Lifetime.ApplicationStopping.Register(warming.Stop);
        }

        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>(); // this host's logger, not the static one
            ServerLogging.ConfigureRequestLogging(options);
        });

        app.UseRouting();

        app.Use(McpEndpoint.CheckOriginAsync);
        app.Use(McpRequestHeaders.NameTheContentTypeAsync);
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(McpEndpoint.CheckRequestAsync);
        app.Use(McpRequestHeaders.NameTheAcceptAsync);
        app.Use(RelaxedJsonResponse.UnescapeAsync); // answers without HTML escaping (\u0022 → \")

        if (settings.Mode == ServerMode.OAuth)
        {
            app.MapOntraportOAuth();
        }

        McpEndpoint.Map(app);
        var distributed = app.Services.GetRequiredService<DistributedState>();
        var partitions = app.Services.GetRequiredService<Ontraport.Client.RateLimiting.RateLimitPartitions>();
        // Liveness and readiness (DESIGN §health, README): both plain request delegates, so no minimal-API delegate is
        // compiled at start (RequestDelegateFactory builds and compiles an expression tree per delegate endpoint).
        app.MapGet("/health", context => Results.Json(distributed.Health(settings, partitions)).ExecuteAsync(context));
        var warmup = app.Services.GetRequiredService<Warmup>(); // completed from the start when the server warms nothing
        app.MapGet("/health/ready", context => (warmup.Completion.IsCompleted
            ? Results.Json(distributed.Health(settings, partitions))
            : Results.Json(new { status = "warming", mode = settings.Mode.ToString().ToLowerInvariant() }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .ExecuteAsync(context));
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
    private static void WarnIfExposed(WebApplication app, ServerSettings settings, Microsoft.Extensions.Logging.ILogger logger)
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
