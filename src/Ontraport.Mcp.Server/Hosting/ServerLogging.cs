using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Serilog;
using Serilog.AspNetCore;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// Serilog, structured, to the console (text or JSON), with a last line of defence: every property value goes through
/// <see cref="Redaction.Scrub"/> before it is written. The code never logs secrets on purpose; this catches accidents.
/// </summary>
public static class ServerLogging
{
    public static void Configure(
        LoggerConfiguration logger, IConfiguration configuration, ServerSettings settings, SecretRegistry secrets,
        IHttpContextAccessor http, IEnumerable<ILogEventSink> extraSinks)
    {
        logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning) // retries are warnings; every attempt at Information is one line per request, and during a Redis outage one per refused call
            .MinimumLevel.Override("ModelContextProtocol", LogEventLevel.Warning)
            .MinimumLevel.Override("OpenIddict", LogEventLevel.Warning) // it logs whole requests (a consent form's api_key) at Information
            .ReadFrom.Configuration(configuration)
            // The SDK logs a client's bad prompts/get (unknown prompt, missing argument) and resources/read of a URI we do not
            // serve at Error; it is the client's mistake, answered as InvalidParams (or the legacy ResourceNotFound).
            .Filter.ByExcluding(e => e.Exception is ModelContextProtocol.McpProtocolException { ErrorCode: ModelContextProtocol.McpErrorCode.InvalidParams or ModelContextProtocol.McpErrorCode.ResourceNotFound } &&
                                     (e.MessageTemplate.Text.StartsWith("GetPrompt ", StringComparison.Ordinal) || e.MessageTemplate.Text.StartsWith("ReadResource ", StringComparison.Ordinal)))
            // An unknown JSON-RPC method is the client's mistake, answered -32601: the SDK's warning "no handler is available"
            // names it in one line; its second line, "request handler failed", only adds the exception's stack trace.
            .Filter.ByExcluding(e => e.Exception is ModelContextProtocol.McpProtocolException { ErrorCode: ModelContextProtocol.McpErrorCode.MethodNotFound })
            // A caller who hangs up cancels its call, and the SDK then fails to send the answer: a warning with a stack trace for
            // what is no fault. The call chain logs it once, at Information ("the caller left"); no other cancellation reaches here.
            .Filter.ByExcluding(e => e.Exception is OperationCanceledException && e.MessageTemplate.Text.Contains("request handler failed", StringComparison.Ordinal))
            // Outside oauth mode the key ring holds only the keys that seal 10-minute confirmations (a person's yes); with several
            // instances it sits in Redis beside the duplicate guard's claims, behind Redis's password. Data Protection warns
            // at every fresh ring that it is not encrypted at rest; oauth mode, whose ring protects stored API keys, keeps the
            // warning (and offers ONTRAPORT_MCP_KEY_RING_CERTIFICATE).
            .Filter.ByExcluding(e => settings.Mode != Authentication.ServerMode.OAuth && e.MessageTemplate.Text.StartsWith("No XML encryptor configured", StringComparison.Ordinal))
            // The start-up warm-up's own requests pass the request logger too (so its first real use is not a customer's
            // call); their lines are not a customer's request and are not written.
            .Filter.ByExcluding(e => Warmup.IsRunning && e.Properties.TryGetValue("SourceContext", out var source) &&
                                     source is ScalarValue { Value: "Serilog.AspNetCore.RequestLoggingMiddleware" })
            .Enrich.FromLogContext()
            .Enrich.With(new SecretScrubber(secrets, http));
        _ = settings.LogFormat == "json"
            ? logger.WriteTo.Console(new JsonFormatter(renderMessage: true))
            : logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
        foreach (var sink in extraSinks)
        {
            logger.WriteTo.Sink(sink);
        }
    }

    /// <summary>Where the call filter leaves its one-line summary of a tool call for the request's log line.</summary>
    public const string CallSummaryKey = "ontraport.mcp.call";

    /// <summary>Where <see cref="NameTheMethod"/> leaves the JSON-RPC method of the request's message.</summary>
    public const string MethodKey = "ontraport.mcp.method";

    /// <summary>
    /// One line per HTTP request (Serilog.AspNetCore's request logging). For an MCP request it names the JSON-RPC method
    /// in both eras (read from the message, so an initialize-era client, which sends no <c>Mcp-Method</c> header, gets it
    /// too), and for a tool call the tool, the account (app id, never a key), the client, the outcome and the upstream
    /// requests, which the call filter adds to the request's diagnostic context.
    /// </summary>
    public static void ConfigureRequestLogging(RequestLoggingOptions options)
    {
        options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} {McpCall} responded {StatusCode} in {Elapsed:0.0} ms";
        options.EnrichDiagnosticContext = (diagnostics, http) =>
        {
            var summary = http.Items.TryGetValue(CallSummaryKey, out var value) ? value as string : null;
            var method = http.Items.TryGetValue(MethodKey, out var named) ? named as string : null;
            diagnostics.Set("McpCall", summary ?? method ?? http.Request.Headers["Mcp-Method"].ToString());
        };

        // Health checks and the sandbox API are noise at Information; errors still show. /health/ready's 503 while the
        // warm-up runs is an answer, not an error: every readiness probe of the first second would log one.
        options.GetLevel = (http, _, error) => error is not null || (http.Response.StatusCode >= 500 && !IsWarmingAnswer(http))
            ? LogEventLevel.Error
            : http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/sandbox") ? LogEventLevel.Debug : LogEventLevel.Information;
    }

    private static bool IsWarmingAnswer(HttpContext http) =>
        http.Response.StatusCode == StatusCodes.Status503ServiceUnavailable && http.Request.Path.Equals("/health/ready", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An incoming message filter: records the JSON-RPC method of the message (<c>initialize</c>, <c>tools/list</c>,
    /// <c>notifications/initialized</c>, …) for the request's log line. The method is protocol vocabulary, never data.
    /// </summary>
    public static McpMessageHandler NameTheMethod(McpMessageHandler next) => (message, cancellationToken) =>
    {
        var method = message.JsonRpcMessage switch
        {
            JsonRpcRequest request => request.Method,
            JsonRpcNotification notification => notification.Method,
            _ => null,
        };
        if (method is not null && message.Services?.GetService<IHttpContextAccessor>()?.HttpContext is { } http)
        {
            // A client names the method: keep the line one line (no control characters), whatever it sends.
            http.Items[MethodKey] = method.Length <= 100 && method.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '.' or '$')
                ? method
                : "(an unknown method)";
        }

        return next(message, cancellationToken);
    };

    /// <summary>
    /// Replaces secrets (the configured ones and the key of the request being logged) and card-number-like digit runs in
    /// every string property of a log event.
    /// </summary>
    public sealed class SecretScrubber(SecretRegistry secrets, IHttpContextAccessor http) : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            var requestKey = http.HttpContext?.RequestServices?.GetService<CallContext>()?.Credentials?.ApiKey;
            foreach (var (name, value) in logEvent.Properties.ToList())
            {
                if (value is ScalarValue { Value: string text } && Redaction.Scrub(text, secrets, requestKey) is var clean && !ReferenceEquals(clean, text))
                {
                    logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(clean)));
                }
            }
        }
    }
}

/// <summary>
/// The secrets the server itself holds (the account-mode API key, the endpoint tokens), fixed at start. A request's own
/// credentials are scrubbed from that request's output by passing its key to <see cref="Redaction.Scrub"/>; they are never
/// collected here, so nothing grows with the number of tenants.
/// </summary>
public sealed class SecretRegistry
{
    /// <summary>Shorter strings are not treated as secrets (they would mangle ordinary text).</summary>
    public const int MinimumLength = 6;

    private readonly string[] _secrets;

    private SecretRegistry(IEnumerable<string?> secrets) =>
        _secrets = [.. secrets.OfType<string>().Where(s => !string.IsNullOrWhiteSpace(s) && s.Length >= MinimumLength).Distinct(StringComparer.Ordinal)];

    public static SecretRegistry From(ServerSettings settings) => new([settings.AccountCredentials?.ApiKey, .. settings.AccessTokens]);

    public IReadOnlyList<string> Snapshot() => _secrets;
}
