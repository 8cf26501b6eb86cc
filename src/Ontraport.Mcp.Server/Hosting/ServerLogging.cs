using Serilog;
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
    public static Serilog.ILogger Create(IConfiguration configuration, ServerSettings settings, SecretRegistry secrets, IEnumerable<ILogEventSink> extraSinks)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .MinimumLevel.Override("ModelContextProtocol", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration)
            // The SDK logs a client's bad prompts/get (unknown prompt, missing argument) at Error; it is the client's mistake, answered as InvalidParams.
            .Filter.ByExcluding(e => e.Exception is ModelContextProtocol.McpProtocolException { ErrorCode: ModelContextProtocol.McpErrorCode.InvalidParams } && e.MessageTemplate.Text.StartsWith("GetPrompt ", StringComparison.Ordinal))
            .Enrich.With(new SecretScrubber(secrets));
        logger = settings.LogFormat == "json"
            ? logger.WriteTo.Console(new JsonFormatter(renderMessage: true))
            : logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
        foreach (var sink in extraSinks)
        {
            logger = logger.WriteTo.Sink(sink);
        }

        return logger.CreateLogger();
    }

    /// <summary>Replaces secrets and card-number-like digit runs in every string property of a log event.</summary>
    public sealed class SecretScrubber(SecretRegistry secrets) : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            foreach (var (name, value) in logEvent.Properties.ToList())
            {
                if (value is ScalarValue { Value: string text } && Redaction.Scrub(text, secrets) is var clean && !ReferenceEquals(clean, text))
                {
                    logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(clean)));
                }
            }
        }
    }
}

/// <summary>Secrets the logger must never print. Filled from configuration at start and by passthrough requests.</summary>
public sealed class SecretRegistry
{
    public static SecretRegistry From(ServerSettings settings)
    {
        var registry = new SecretRegistry();
        registry.Add(settings.AccountCredentials?.ApiKey);
        foreach (var token in settings.AccessTokens)
        {
            registry.Add(token);
        }

        return registry;
    }

    private readonly object _gate = new();
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private string[] _snapshot = [];

    public void Add(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length < 6)
        {
            return;
        }

        lock (_gate)
        {
            if (_secrets.Count < 10_000 && _secrets.Add(secret))
            {
                _snapshot = [.. _secrets];
            }
        }
    }

    public IReadOnlyList<string> Snapshot() => Volatile.Read(ref _snapshot);
}
