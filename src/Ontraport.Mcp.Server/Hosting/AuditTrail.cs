using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Ontraport.Mcp.Server.Settings;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Sinks.Async;
using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>One audited event: a write tool call (any outcome), a refused call, or a refused HTTP request.</summary>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string Event,
    string? Account,
    string? Client,
    string? Tool,
    JsonObject? Arguments,
    string Outcome,
    int UpstreamRequests,
    double DurationMs);

/// <summary>
/// The audit log: one JSON line per write call, per refused call and per refused request, to the files named by
/// <c>ONTRAPORT_MCP_AUDIT_LOG</c> and/or the console ("console"). Arguments are redacted (card data, secrets) before they
/// are queued. Writing happens on Serilog's Async sink (a bounded queue and one background worker) into its File sink,
/// which keeps each file open and rolls it over past <c>ONTRAPORT_MCP_AUDIT_LOG_MAX_MB</c>, keeping
/// <c>ONTRAPORT_MCP_AUDIT_LOG_FILES</c> of them. Recording never blocks or fails the call it records: if the queue is full
/// the entry is dropped and counted, and a file that cannot be written is reported once per failure and counted.
/// </summary>
public sealed class AuditTrail : IHostedService, IDisposable, ILoggingFailureListener, IAsyncLogEventSinkMonitor
{
    private const string EntryProperty = "AuditEntry";
    private const int QueueCapacity = 10_000;

    private readonly Logger? _writer;
    private readonly bool _console;
    private readonly SecretRegistry _secrets;
    private readonly ILogger _logger;
    private IAsyncLogEventSinkInspector? _queue;
    private long _queued;
    private long _processed;
    private long _failed;
    private int _stopped;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AuditTrail(ServerSettings settings, SecretRegistry secrets, ILogger<AuditTrail> logger)
    {
        var targets = SettingValues.List(settings.AuditLogPath);
        _console = targets.Any(t => t.Equals("console", StringComparison.OrdinalIgnoreCase));
        var files = targets.Where(t => !t.Equals("console", StringComparison.OrdinalIgnoreCase)).ToList();
        _secrets = secrets;
        _logger = logger;
        if (!_console && files.Count == 0)
        {
            return;
        }

        var line = new LineFormatter(this);
        _writer = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.Async(
                worker =>
                {
                    if (_console)
                    {
                        worker.Sink(new ConsoleTarget(this));
                    }

                    foreach (var file in files)
                    {
                        // Fallible: a file that cannot be opened or written reports each lost entry to OnLoggingFailed.
                        worker.Fallible(
                            target => target.File(line, file, fileSizeLimitBytes: settings.AuditLogFileBytes, rollOnFileSizeLimit: true,
                                retainedFileCountLimit: settings.AuditLogFiles),
                            this);
                    }

                    // Last, so an entry counts as written once every target has had it (FlushAsync waits on this).
                    worker.Sink(new Written(this));
                },
                bufferSize: QueueCapacity,
                blockWhenFull: false,
                monitor: this)
            .CreateLogger();
    }

    public bool Enabled => _writer is not null;

    /// <summary>
    /// Checks <c>ONTRAPORT_MCP_AUDIT_LOG</c> at start. The audit log of every write is part of the server's contract
    /// (DESIGN.md §1): the setting names where it goes, never whether. A word that reads as a switch (<c>none</c>,
    /// <c>off</c>, …) would otherwise become a file of that name in the working folder, and a value naming no target would
    /// silently turn the log off: both stop the start with what to write instead.
    /// </summary>
    public static void CheckTargets(string? value, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (value is null)
        {
            return; // unset: the default, console
        }

        var targets = SettingValues.List(value);
        if (targets.Count == 0)
        {
            problems.Add("ONTRAPORT_MCP_AUDIT_LOG names no target: write file path(s) and/or console (the default).");
        }

        foreach (var word in targets.Where(t => t.ToLowerInvariant() is "none" or "off" or "false" or "no" or "0" or "disabled" or "null"))
        {
            problems.Add($"ONTRAPORT_MCP_AUDIT_LOG '{word}' is not a file path, and the audit log cannot be turned off (every write is audited): "
                + $"write file path(s) and/or console (the default); for a file really named so, write ./{word}.");
        }
    }

    /// <summary>Entries lost: refused by a full queue, or not written to a file that failed.</summary>
    public long Dropped => (_queue?.DroppedMessagesCount ?? 0) + Interlocked.Read(ref _failed);

    /// <summary>Queues an entry, redacted now, with the key of the request it describes (<paramref name="requestSecret"/>).</summary>
    public void Record(AuditEntry entry, string? requestSecret = null)
    {
        if (_writer is null || Volatile.Read(ref _stopped) == 1)
        {
            return;
        }

        Interlocked.Increment(ref _queued);
        var redacted = entry with
        {
            Arguments = entry.Arguments is null ? null : Redact(entry.Arguments, requestSecret),
            Client = entry.Client is null ? null : Redaction.Scrub(entry.Client, _secrets, requestSecret),
            Outcome = Redaction.Scrub(entry.Outcome, _secrets, requestSecret),
        };
        _writer.Write(new LogEvent(redacted.Time, LogEventLevel.Information, null, MessageTemplate.Empty,
            [new LogEventProperty(EntryProperty, new ScalarValue(new Line(redacted)))]));
    }

    /// <summary>Waits until every entry recorded before the call has been written or dropped (tests; stopping drains on its own).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _queued);
        while (true)
        {
            // Take the signal before checking, so a write that lands between the check and the wait still wakes us.
            var progress = Volatile.Read(ref _progress);
            if (Interlocked.Read(ref _processed) + (_queue?.DroppedMessagesCount ?? 0) >= target)
            {
                return;
            }

            await progress.Task.WaitAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes what is queued and closes the files.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _writer?.Dispose();
        }
    }

    void IAsyncLogEventSinkMonitor.StartMonitoring(IAsyncLogEventSinkInspector inspector) => _queue = inspector;

    void IAsyncLogEventSinkMonitor.StopMonitoring(IAsyncLogEventSinkInspector inspector)
    {
    }

    void ILoggingFailureListener.OnLoggingFailed(object sender, LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent>? events, Exception? exception)
    {
        // Temporary failures are the sink's own retries (e.g. the next file in sequence); only lost entries count.
        if (kind != LoggingFailureKind.Temporary && events is { Count: > 0 })
        {
            Interlocked.Add(ref _failed, events.Count);
            _logger.LogError("Cannot write the audit log: {Reason} ({Detail})", message, exception?.Message ?? "no detail");
        }
    }

    /// <summary>One entry on its way: serialized and scrubbed once, on the worker, for every target.</summary>
    private sealed class Line(AuditEntry entry)
    {
        private string? _text;

        public string Text(SecretRegistry secrets) => _text ??= Redaction.Scrub(JsonSerializer.Serialize(entry, AuditJson.Entry), secrets);

        public static Line Of(LogEvent logEvent) => (Line)((ScalarValue)logEvent.Properties[EntryProperty]).Value!;
    }

    private sealed class LineFormatter(AuditTrail trail) : ITextFormatter
    {
        public void Format(LogEvent logEvent, TextWriter output)
        {
            output.Write(Line.Of(logEvent).Text(trail._secrets));
            output.Write('\n');
        }
    }

    private sealed class ConsoleTarget(AuditTrail trail) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => trail._logger.LogInformation("AUDIT {Line}", Line.Of(logEvent).Text(trail._secrets));
    }

    private sealed class Written(AuditTrail trail) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            Interlocked.Increment(ref trail._processed);
            Interlocked.Exchange(ref trail._progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    /// <summary>Masks card data and secrets in a copy of the arguments: by key name, and any card-number-like digits.</summary>
    public JsonObject Redact(JsonObject arguments, string? requestSecret = null) => (JsonObject)RedactNode(arguments, null, requestSecret)!;

    private JsonNode? RedactNode(JsonNode? node, string? key, string? requestSecret)
    {
        if (key is not null && Redaction.IsSecretName(key) && node is not null and not JsonObject and not JsonArray)
        {
            return "[redacted]";
        }

        return node switch
        {
            JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, RedactNode(p.Value, p.Key, requestSecret)))),
            JsonArray array => new JsonArray([.. array.Select(item => RedactNode(item, key, requestSecret))]),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => Redaction.Scrub(value.GetValue<string>(), _secrets, requestSecret),
            _ => node?.DeepClone(),
        };
    }
}

/// <summary>
/// The audit line's serializer: source-generated, with the answers' rules (<see cref="Tools.Shaping.ToolJson"/>: snake_case,
/// nulls dropped, the relaxed encoder), so a line costs no reflection. A context of its own because Tools may not name a
/// Hosting type.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class AuditJson : JsonSerializerContext
{
    private static readonly AuditJson Relaxed = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static JsonTypeInfo<AuditEntry> Entry => (JsonTypeInfo<AuditEntry>)Relaxed.GetTypeInfo(typeof(AuditEntry))!;
}
