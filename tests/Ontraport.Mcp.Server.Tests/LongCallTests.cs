using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Ontraport.Client.RateLimiting;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Mcp.Server.Hosting.ToolCalls;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Issue 23, long calls say how they are doing: progress notifications while a call waits for the rate limit (both
/// protocol eras, the SDK's own client), none without a progress token or for a call that answers at once, and a caller
/// who hangs up during the wait: nothing sent, its charge claim released, audited as abandoned, one Information line.
/// On a limit of 6 a minute (a token every 15 s once the burst is spent) and a manual clock.
/// </summary>
public sealed class LongCallTests
{
    private static readonly object Charge = new { contact = "Jane Doe", products = new[] { new { product_id = 9 } }, total = 97 };

    private static ServerHost SlowHost(params (string, string?)[] more) =>
        new(new FakeClock(), [("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "6"), .. more]);

    /// <summary>12 a minute (a token every 6 s): a charge's requests, or a read of five pages, fit in one call's budget.</summary>
    private static ServerHost TwelveAMinute(params (string, string?)[] more) =>
        new(new FakeClock(), [("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "12"), .. more]);

    private static Dictionary<string, object?> Arguments(object arguments) =>
        JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!;

    /// <summary>Moves the clock a second at a time, each time once the call is waiting for the limiter, until it ends.</summary>
    private static async Task<T> DriveAsync<T>(ServerHost host, Task<T> call)
    {
        var partitions = host.Services.GetRequiredService<RateLimitPartitions>();
        while (!call.IsCompleted)
        {
            await WaitAsync(() => call.IsCompleted || partitions.QueuedCount > 0, "the call to end or wait for the rate limit");
            if (!call.IsCompleted)
            {
                host.Clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        return await call;
    }

    /// <summary>Waits in real time, bounded, for what the clock does not drive (a call reaching the limiter, a message arriving).</summary>
    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "timed out waiting for " + what);
            await Task.Yield();
        }
    }

    /// <summary>Every progress notification the client receives, whatever its token.</summary>
    private static ConcurrentQueue<ProgressNotificationParams> Listen(McpClient client)
    {
        var seen = new ConcurrentQueue<ProgressNotificationParams>();
        client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            seen.Enqueue(JsonSerializer.Deserialize<ProgressNotificationParams>(notification.Params, McpJsonUtilities.DefaultOptions)!);
            return ValueTask.CompletedTask;
        });
        return seen;
    }

    private sealed class Recorder : IProgress<ProgressNotificationValue>
    {
        public ConcurrentQueue<ProgressNotificationValue> Values { get; } = new();

        public void Report(ProgressNotificationValue value) => Values.Enqueue(value);
    }

    [Theory]
    [InlineData(null)]          // 2026-07-28: the token in the request's _meta, no session
    [InlineData("2025-11-25")]  // through initialize
    public async Task A_call_with_a_progress_token_hears_every_few_seconds_what_it_waits_for(string? protocolVersion)
    {
        await using var host = SlowHost();
        await using var client = await host.ConnectAsync(protocolVersion);
        var progress = new Recorder(); // gives the call its progressToken
        var heard = Listen(client);

        // The metadata read takes the burst; the record's read waits 15 s for its slot (then the names it shows, 15 s each).
        var started = host.Clock.GetUtcNow();
        var result = await DriveAsync(host, client.CallToolAsync("get_objects", Arguments(new { object_type = "contacts", id = 1 }), progress).AsTask());
        Assert.NotEqual(true, result.IsError);
        var elapsed = host.Clock.GetUtcNow() - started;
        Assert.True(elapsed >= TimeSpan.FromSeconds(14), $"the call took {elapsed} on the clock; it should have waited for the limit");

        // One every 3 s from 2 s on: 2, 5, 8, 11, 14 s… until the answer (every one, in order, with its exact words: the wire
        // test below). They are read from the client's own notification handler: the per-call IProgress is let go at the
        // answer, and on a driven clock the whole wait passes in milliseconds, so a loaded run saw none there.
        await WaitAsync(() => heard.Count >= 5, $"five progress notifications (got {heard.Count})");
        Assert.Single(heard.Select(n => n.ProgressToken).Distinct()); // the one call's token
        var values = heard.Select(n => n.Progress).OrderBy(v => v.Progress).ToList();
        Assert.All(values, v => Assert.Matches(@"^waiting for Ontraport's rate limit: \d+ s left$", v.Message));
        Assert.All(values, v => Assert.Equal(ToolCallProgress.FirstAfter.TotalSeconds, v.Progress % ToolCallProgress.Every.TotalSeconds));
        Assert.Equal(values.Count, values.DistinctBy(v => v.Progress).Count());
        Assert.Equal(client.NegotiatedProtocolVersion, protocolVersion ?? McpEndpoint.PerRequestVersion);
    }

    [Fact]
    public async Task On_the_wire_the_notifications_travel_in_order_on_the_POSTs_own_event_stream_before_the_answer()
    {
        await using var host = SlowHost();
        using var http = host.CreateClient();
        const string body = """
            {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_objects","arguments":{"object_type":"contacts","id":1},
             "_meta":{"progressToken":"call-7","io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},
                      "io.modelcontextprotocol/clientInfo":{"name":"curl","version":"1"}}}}
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", "tools/call");
        request.Headers.Add("Mcp-Name", "get_objects");

        using var response = await DriveAsync(host, http.SendAsync(request));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var messages = (await response.Content.ReadAsStringAsync()).Split('\n')
            .Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l["data: ".Length..])!).ToList();

        var notifications = messages[..^1];
        Assert.True(notifications.Count >= 5, $"{notifications.Count} notifications");
        Assert.All(notifications, n =>
        {
            Assert.Equal("notifications/progress", n["method"]!.GetValue<string>());
            Assert.Equal("call-7", n["params"]!["progressToken"]!.GetValue<string>());
            Assert.StartsWith("waiting for Ontraport's rate limit: ", n["params"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        });
        var progress = notifications.Select(n => n["params"]!["progress"]!.GetValue<double>()).ToList();
        Assert.Equal(progress.Order(), progress); // increasing, as the specification asks
        Assert.Equal(progress.Count, progress.Distinct().Count());

        // All of them, from the first: 2 s into the call with 13 s of the 15 s wait left, then one every 3 s.
        Assert.Equal(ToolCallProgress.FirstAfter.TotalSeconds, progress[0]);
        Assert.Equal("waiting for Ontraport's rate limit: 13 s left", notifications[0]["params"]!["message"]!.GetValue<string>());
        Assert.All(progress.Zip(progress.Skip(1)), pair => Assert.Equal(ToolCallProgress.Every.TotalSeconds, pair.Second - pair.First));
        Assert.Equal(7, messages[^1]["id"]!.GetValue<int>()); // the answer comes last, on the same stream
        Assert.NotNull(messages[^1]["result"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2025-11-25")]
    public async Task A_call_without_a_token_hears_nothing_and_one_that_answers_at_once_hears_nothing_either(string? protocolVersion)
    {
        await using var host = SlowHost();
        await using var client = await host.ConnectAsync(protocolVersion);
        var seen = Listen(client);

        // Without a token: the same long wait, not one notification.
        var slow = await DriveAsync(host, client.CallToolAsync("get_objects", Arguments(new { object_type = "contacts", id = 1 })).AsTask());
        Assert.NotEqual(true, slow.IsError);

        // With a token, answered at once (validation refuses it before any request): nothing either.
        var progress = new Recorder();
        var quick = await client.CallToolAsync("get_objects", Arguments(new { object_type = "contacts", limit = 0 }), progress);
        Assert.True(quick.IsError);
        Assert.Empty(seen);
        Assert.Empty(progress.Values);
    }

    [Fact]
    public async Task A_multi_page_read_says_which_page_it_is_on()
    {
        await using var host = TwelveAMinute();
        await using var client = await host.ConnectAsync();
        var progress = new Recorder();

        // count_objects with a sum Ontraport does not give: every matching record is read, 50 to a page, each page a slot.
        var result = await DriveAsync(host, client.CallToolAsync("count_objects", Arguments(new { object_type = "contacts", average = new[] { "Visits" } }), progress).AsTask());
        Assert.True(result.IsError != true, string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text)));
        await WaitAsync(() => progress.Values.Any(v => v.Message!.Contains("(page 3 of at most", StringComparison.Ordinal)), "a notification naming page 3");
        Assert.Contains(progress.Values, v => v.Message!.StartsWith("waiting for Ontraport's rate limit: ", StringComparison.Ordinal) && v.Message.Contains("(page 2 of at most", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_charge_abandoned_during_its_wait_sends_nothing_is_audited_as_abandoned_and_asked_again_is_charged_once()
    {
        var audit = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using var host = TwelveAMinute(("ONTRAPORT_MCP_AUDIT_LOG", audit));
            await using var client = await host.ConnectAsync();
            var partitions = host.Services.GetRequiredService<RateLimitPartitions>();

            // The charge's reads take the burst and then wait for the rate limit; the caller hangs up during the wait.
            using var hangUp = new CancellationTokenSource();
            var abandoned = client.CallToolAsync("process_transaction", Arguments(Charge), cancellationToken: hangUp.Token).AsTask();
            await WaitAsync(() => partitions.QueuedCount > 0, "the charge to wait for the rate limit");
            await hangUp.CancelAsync();
            try
            {
                await abandoned; // the SDK's client gives up reading the call's stream: cancelled, or the stream ended without a reply
                Assert.Fail("the abandoned call answered");
            }
            catch (Exception ex) when (ex is OperationCanceledException or McpException)
            {
            }

            await WaitAsync(() => host.Logs.Lines.Any(l => l.Contains("the caller left", StringComparison.Ordinal)) && partitions.QueuedCount == 0, "the server to see the caller leave");

            Assert.Equal(0, host.DemoAccount.CapturedChargesOnCard("4444"));
            Assert.Empty(host.Writes);
            await host.Services.GetRequiredService<AuditTrail>().FlushAsync(CancellationToken.None);
            var entry = Assert.Single((await File.ReadAllLinesAsync(audit)).Select(l => JsonNode.Parse(l)!), l => l["tool"]?.GetValue<string>() == "process_transaction");
            Assert.Equal(ToolCallChain.AbandonedNothingSent, entry["outcome"]!.GetValue<string>());
            Assert.Equal("write", entry["event"]!.GetValue<string>());

            // Its claim was released: asked again, it goes out once; a third time it is a duplicate.
            (await DriveAsync(host, client.CallAsync("process_transaction", Charge))).Ok();
            Assert.Equal(1, host.DemoAccount.CapturedChargesOnCard("4444"));
            Assert.Contains("identical process_transaction call reached Ontraport", (await client.CallAsync("process_transaction", Charge)).Error(), StringComparison.Ordinal);
            Assert.Equal(1, host.DemoAccount.CapturedChargesOnCard("4444"));

            // A hang-up is one Information line, not a warning with a stack trace.
            Assert.Empty(host.Logs.Warnings);
            var left = Assert.Single(host.Logs.Lines, l => l.Contains("the caller left", StringComparison.Ordinal));
            Assert.Contains("tools/call process_transaction", left, StringComparison.Ordinal);
            Assert.Contains("nothing that changes the account was sent", left, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", left, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(audit);
        }
    }
}
