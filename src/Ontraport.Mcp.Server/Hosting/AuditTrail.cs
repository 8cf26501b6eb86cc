using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Channels;

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
/// The audit log: one JSON line per write call, per refused call and per refused request, to the file named by
/// <c>ONTRAPORT_MCP_AUDIT_LOG</c> and/or the console ("console"). Arguments are redacted (card data, secrets) before they
/// are queued. Writing happens on a background task through a bounded channel, so recording never blocks or fails the
/// call it records; if the channel is full the entry is dropped and counted.
/// </summary>
public sealed partial class AuditTrail : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly Regex SecretKey = SecretKeyPattern();
    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly IReadOnlyList<string> _files;
    private readonly bool _console;
    private readonly SecretRegistry _secrets;
    private readonly ILogger _logger;
    private long _dropped;

    public AuditTrail(ServerSettings settings, SecretRegistry secrets, ILogger<AuditTrail> logger)
    {
        var targets = ServerSettings.List(settings.AuditLogPath);
        _console = targets.Any(t => t.Equals("console", StringComparison.OrdinalIgnoreCase));
        _files = [.. targets.Where(t => !t.Equals("console", StringComparison.OrdinalIgnoreCase))];
        _secrets = secrets;
        _logger = logger;
    }

    public bool Enabled => _console || _files.Count > 0;

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues an entry, redacted now, with the key of the request it describes (<paramref name="requestSecret"/>).</summary>
    public void Record(AuditEntry entry, string? requestSecret = null)
    {
        if (!Enabled)
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
        if (!_queue.Writer.TryWrite(redacted))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Waits until every entry recorded before the call has been written (tests; shutdown drains on its own).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _queued);
        while (true)
        {
            // Take the signal before checking, so a write that lands between the check and the wait still wakes us.
            var progress = Volatile.Read(ref _progress);
            if (Interlocked.Read(ref _written) + Interlocked.Read(ref _dropped) >= target)
            {
                return;
            }

            await progress.Task.WaitAsync(cancellationToken);
        }
    }

    private long _queued;
    private long _written;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var file in _files)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogError("Cannot create the audit log directory for {File}: {Reason}", file, ex.Message);
            }
        }

        try
        {
            await foreach (var entry in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await WriteAsync(entry);
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down: drain what is already queued
            while (_queue.Reader.TryRead(out var entry))
            {
                await WriteAsync(entry);
            }
        }
    }

    private async Task WriteAsync(AuditEntry entry)
    {
        try
        {
            var line = Redaction.Scrub(JsonSerializer.Serialize(entry, Json), _secrets);
            if (_console)
            {
                _logger.LogInformation("AUDIT {Line}", line);
            }

            foreach (var file in _files)
            {
                try
                {
                    await File.AppendAllTextAsync(file, line + "\n");
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Interlocked.Increment(ref _dropped);
                    _logger.LogError("Cannot write the audit log {File}: {Reason}", file, ex.Message);
                }
            }
        }
        finally
        {
            Interlocked.Increment(ref _written);
            Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    /// <summary>Masks card data and secrets in a copy of the arguments: by key name, and any card-number-like digits.</summary>
    public JsonObject Redact(JsonObject arguments, string? requestSecret = null) => (JsonObject)RedactNode(arguments, null, requestSecret)!;

    private JsonNode? RedactNode(JsonNode? node, string? key, string? requestSecret)
    {
        if (key is not null && SecretKey.IsMatch(key) && node is not null and not JsonObject and not JsonArray)
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

    [GeneratedRegex(@"(cc_?number|card_?number|ccnum|cvv|cvc|cvv_code|security_code|^code$|api_?key|password|secret|token|cctoken)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKeyPattern();
}
