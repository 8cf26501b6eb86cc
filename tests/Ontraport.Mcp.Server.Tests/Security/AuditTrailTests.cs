using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Ontraport.Mcp.Server.Hosting;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>Issue 20 item 6: the audit log is written by Serilog's Async and File sinks, one exact JSON line per entry, rolled over by size.</summary>
public sealed class AuditTrailTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static AuditEntry Entry(int id, string outcome = "ok") =>
        new(Noon, "write", "2_123", "claude-ai/1.0", "update_object", new JsonObject { ["id"] = id, ["note"] = null, ["password"] = "hunter22" },
            outcome, 1, 12.5);

    [Fact]
    public async Task Each_entry_is_one_exact_JSON_line_with_secrets_redacted_and_nulls_dropped()
    {
        var file = Path.Combine(_folder, "audit.jsonl");
        using var audit = new AuditTrail(new ServerSettings { AuditLogPath = file }, SecretRegistry.From(new ServerSettings()), new Lines());

        audit.Record(Entry(1));
        audit.Record(Entry(2, "refused: id 2 does not exist") with { Account = null, Arguments = null });
        await audit.FlushAsync(CancellationToken.None);

        Assert.Equal(
            """
            {"time":"2026-07-01T12:00:00+00:00","event":"write","account":"2_123","client":"claude-ai/1.0","tool":"update_object","arguments":{"id":1,"note":null,"password":"[redacted]"},"outcome":"ok","upstream_requests":1,"duration_ms":12.5}
            {"time":"2026-07-01T12:00:00+00:00","event":"write","client":"claude-ai/1.0","tool":"update_object","outcome":"refused: id 2 does not exist","upstream_requests":1,"duration_ms":12.5}

            """.ReplaceLineEndings("\n"),
            await File.ReadAllTextAsync(file));
        Assert.Equal(0, audit.Dropped);
    }

    [Fact]
    public async Task A_file_past_its_size_limit_rolls_over_and_only_the_newest_files_are_kept()
    {
        var file = Path.Combine(_folder, "audit.jsonl");
        using var audit = new AuditTrail(
            new ServerSettings { AuditLogPath = file, AuditLogFileBytes = 1000, AuditLogFiles = 3 }, SecretRegistry.From(new ServerSettings()), new Lines());

        for (var id = 1; id <= 40; id++)
        {
            audit.Record(Entry(id));
        }

        await audit.FlushAsync(CancellationToken.None);
        audit.Dispose(); // closes the current file

        var files = Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, files.Count);
        Assert.All(files, name => Assert.Matches(@"^audit_\d{3}\.jsonl$", name));

        var lines = files.SelectMany(name => File.ReadAllLines(Path.Combine(_folder, name!))).ToList();
        var ids = lines.Select(line => JsonNode.Parse(line)!["arguments"]!["id"]!.GetValue<int>()).ToList();
        Assert.Equal(Enumerable.Range(41 - ids.Count, ids.Count), ids); // the newest entries, in order, none torn
        Assert.True(ids.Count is > 3 and < 40, $"{ids.Count} lines kept");
        Assert.All(files, name => Assert.True(new FileInfo(Path.Combine(_folder, name!)).Length < 1300));
    }

    [Fact]
    public async Task A_file_that_cannot_be_written_is_reported_and_counted_and_the_console_target_still_gets_the_line()
    {
        var logs = new Lines();
        using var audit = new AuditTrail(
            new ServerSettings { AuditLogPath = "/proc/no-such-dir/audit.jsonl, console" }, SecretRegistry.From(new ServerSettings()), logs);

        audit.Record(Entry(1));
        await audit.FlushAsync(CancellationToken.None);

        Assert.Equal(1, audit.Dropped);
        Assert.Contains(logs.Written, line => line.StartsWith("Cannot write the audit log", StringComparison.Ordinal));
        Assert.Contains(logs.Written, line => line.StartsWith("AUDIT {\"time\":", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("none", "'none'")]
    [InlineData("OFF", "'OFF'")]
    [InlineData("console, false", "'false'")]
    [InlineData(" , ", "names no target")]
    public void A_value_that_reads_as_a_switch_or_names_no_target_stops_the_start_and_says_what_to_write(string value, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServerSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create("ONTRAPORT_MCP_AUDIT_LOG", (string?)value)]).Build()));

        Assert.StartsWith("The server cannot start:", error.Message, StringComparison.Ordinal);
        Assert.Contains("ONTRAPORT_MCP_AUDIT_LOG " + named, error.Message, StringComparison.Ordinal);
        Assert.Contains("console (the default)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "console")]
    [InlineData("console", "console")]
    [InlineData("./none, console", "./none, console")]
    [InlineData("/var/log/ontraport/audit.jsonl", "/var/log/ontraport/audit.jsonl")]
    public void Paths_and_console_are_taken_as_written_and_unset_means_console(string? value, string expected)
    {
        var settings = ServerSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(value is null ? [] : [KeyValuePair.Create("ONTRAPORT_MCP_AUDIT_LOG", (string?)value)]).Build());

        Assert.Equal(expected, settings.AuditLogPath);
    }

    private sealed class Lines : ILogger<AuditTrail>
    {
        public ConcurrentQueue<string> Written { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Written.Enqueue(formatter(state, exception));
    }
}
