using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client;
using Ontraport.Client.Conditions;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// The one call-tool filter: argument checks before the tool runs, translation of every failure into an
/// <c>isError</c> result that says what to do (never a stack trace or a secret), and one log line per call with tool,
/// account, upstream request count, duration and outcome. Tools therefore contain no try/catch.
/// </summary>
public sealed class ToolCallFilter
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DuplicateGuard _duplicates;
    private readonly AuditTrail _audit;
    private readonly SecretRegistry _secrets;
    private readonly Serilog.IDiagnosticContext _diagnostics;

    public ToolCallFilter(ILogger<ToolCallFilter> logger, TimeProvider time, DuplicateGuard duplicates, AuditTrail audit, SecretRegistry secrets,
        Serilog.IDiagnosticContext diagnostics)
    {
        _logger = logger;
        _diagnostics = diagnostics;
        _time = time;
        _duplicates = duplicates;
        _audit = audit;
        _secrets = secrets;
    }

    public async ValueTask<CallToolResult> InvokeAsync(
        RequestContext<CallToolRequestParams> request,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next,
        CancellationToken cancellationToken)
    {
        var name = request.Params?.Name ?? "";
        var call = request.Services?.GetService<CallContext>();
        if (call is not null && request.Server.ClientInfo?.Name is { Length: > 0 } clientName)
        {
            call.ClientName = clientName.Length > 100 ? clientName[..100] : clientName; // 2026-07-28 sends it with every request
        }

        var started = _time.GetTimestamp();
        var (result, outcome) = await GuardedAsync(() => DecideAsync(request, next, name, call, cancellationToken), name, call, cancellationToken);

        var requestKey = call?.Credentials?.ApiKey;
        foreach (var block in result.Content.OfType<TextContentBlock>())
        {
            block.Text = Redaction.Scrub(block.Text, _secrets, requestKey); // no secret or card number ever leaves in a result
        }

        // The request's one log line (Serilog request logging) carries the call's facts, as text and as properties.
        var duration = _time.GetElapsedTime(started).TotalMilliseconds;
        var account = call?.Credentials?.AppId ?? "-";
        var upstream = call?.UpstreamRequests ?? 0;
        _diagnostics.Set("Tool", Shorten(name));
        _diagnostics.Set("Account", account);
        _diagnostics.Set("Outcome", outcome);
        _diagnostics.Set("UpstreamRequests", upstream);
        if (request.Services?.GetService<IHttpContextAccessor>()?.HttpContext is { } http)
        {
            http.Items[ServerLogging.CallSummaryKey] = $"tools/call {Shorten(name)} account {account} client {call?.ClientName ?? "-"}: {outcome}; {upstream} upstream requests";
        }
        var isWrite = ToolCatalog.Find(name) is { ReadOnly: false };
        if (isWrite || outcome.StartsWith("refused", StringComparison.Ordinal))
        {
            _audit.Record(new AuditEntry(_time.GetUtcNow(), isWrite ? "write" : "refused", call?.Credentials?.AppId, call?.ClientName, Shorten(name),
                ToolArguments.ToJson(request.Params?.Arguments), outcome, call?.UpstreamRequests ?? 0, Math.Round(duration, 1)), requestKey);
        }

        return result;
    }

    /// <summary>The checks that come before the tool, then the tool itself. Runs inside <see cref="GuardedAsync"/>.</summary>
    private async ValueTask<(CallToolResult, string)> DecideAsync(
        RequestContext<CallToolRequestParams> request,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next,
        string name,
        CallContext? call,
        CancellationToken cancellationToken)
    {
        if (request.MatchedPrimitive is not McpServerTool tool)
        {
            return (ToolOutput.Error($"There is no tool named '{Shorten(name)}'. Call tools/list to see the available tools."), "refused: unknown tool");
        }

        if (call?.Selection?.WhyHidden(name) is { } hidden)
        {
            return (ToolOutput.Error($"{name} is not available here: {hidden}. Call tools/list to see the tools you can use."), "refused: tool not available");
        }

        if (Checked(tool, request.Params?.Arguments) is { Count: > 0 } problems)
        {
            return (ToolOutput.Error(string.Join(" ", problems)), "refused: arguments");
        }

        if (MoneyKey(name, call, request.Params?.Arguments) is { } moneyKey && _duplicates.SentWithinWindow(moneyKey) is { } sentAt)
        {
            var ago = _time.GetUtcNow() - sentAt;
            return (ToolOutput.Error(
                $"An identical {name} call reached Ontraport {Math.Max(1, (int)ago.TotalMinutes)} min ago ({RecordShaper.IsoDate(sentAt)}); it is refused so nothing is charged twice. " +
                "Check its outcome first (get_invoices or get_payments for the contact). If you really mean to repeat it, call again with allow_duplicate: true."),
                "refused: duplicate money-moving call");
        }

        try
        {
            var result = await next(request, cancellationToken);
            return (result, result.IsError == true ? "error" : "ok");
        }
        finally
        {
            if (MoneyKey(name, call, request.Params?.Arguments, ignoreAllowDuplicate: true) is { } sentKey && call!.RecordCreatingWrites > 0)
            {
                _duplicates.RecordSent(sentKey); // recorded whatever the outcome: a sent charge with no answer counts
            }
        }
    }

    /// <summary>Every failure of <paramref name="run"/> becomes an isError result with a message that says what to do.</summary>
    private async ValueTask<(CallToolResult, string)> GuardedAsync(Func<ValueTask<(CallToolResult, string)>> run, string name, CallContext? call, CancellationToken cancellationToken)
    {
        try
        {
            return await run();
        }
        catch (OutcomeUnknownException ex)
        {
            return (ToolOutput.Error(ex.Message), OutcomeUnknownException.Outcome);
        }
        catch (ToolInputException ex)
        {
            return (ToolOutput.Error(ex.Message), "refused: " + FirstWords(ex.Message));
        }
        catch (CriteriaFormatException ex)
        {
            return (ToolOutput.Error("condition: " + ex.Message), "refused: condition");
        }
        catch (OntraportException ex) when (ex.Kind == OntraportErrorKind.Unauthorized && call?.Account?.CredentialsRejected is { } rejected)
        {
            // A signed-in user's key stopped working: end this grant so the next sign-in replaces it, and say so.
            await rejected(CancellationToken.None);
            return (ToolOutput.Error("Ontraport refused this account's App ID and API key (401), so this sign-in has ended. Reconnect the server in " +
                "your client and sign in again with a working App ID and API key."), "upstream Unauthorized: grant ended, reconnect");
        }
        catch (OntraportException ex)
        {
            return (ToolOutput.Error(ex.Message), ex.Kind == OntraportErrorKind.OutcomeUnknown ? OutcomeUnknownException.Outcome : "upstream " + ex.Kind);
        }
        catch (JsonException ex)
        {
            return (ToolOutput.Error("An argument has the wrong shape: " + ex.Message.Split(" Path:")[0]), "refused: binding");
        }
        catch (ArgumentException ex) when (ex.TargetSite?.DeclaringType?.Namespace?.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal) == true)
        {
            return (ToolOutput.Error(ex.Message.Split(" (Parameter")[0]), "refused: binding");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (ex is McpProtocolException)
            {
                throw;
            }

            var reference = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
            _logger.LogError("Tool {Tool} failed unexpectedly ({ExceptionType}) reference {Reference} at {Site}",
                Shorten(name), ex.GetType().Name, reference, new StackTrace(ex, false).GetFrame(0)?.GetMethod()?.Name);
            return (ToolOutput.Error($"The server hit an internal error running {Shorten(name)} (reference {reference}). Try again, and report the reference if it persists."),
                "internal error " + reference);
        }
    }

    /// <summary>
    /// The duplicate-guard key of a money-moving call, or null when the guard does not apply (not money-moving, a dry
    /// run, or allow_duplicate set).
    /// </summary>
    private static string? MoneyKey(string name, CallContext? call, IDictionary<string, JsonElement>? arguments, bool ignoreAllowDuplicate = false)
    {
        if (call?.Credentials is null || ToolCatalog.Find(name) is not { MoneyMoving: true })
        {
            return null;
        }

        var args = ToolArguments.ToJson(arguments);
        if (args["dry_run"]?.GetValueKind() == JsonValueKind.True || (!ignoreAllowDuplicate && args["allow_duplicate"]?.GetValueKind() == JsonValueKind.True))
        {
            return null;
        }

        return DuplicateGuard.Key(call.Credentials.AppId, name, args);
    }

    private static IReadOnlyList<string> Checked(McpServerTool tool, IDictionary<string, JsonElement>? arguments)
    {
        ToolArguments.Coerce(tool.ProtocolTool.InputSchema, arguments);
        return ToolArguments.Check(tool.ProtocolTool.InputSchema, arguments);
    }

    private static string FirstWords(string message) => message.Length > 60 ? message[..60] + "…" : message;

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
