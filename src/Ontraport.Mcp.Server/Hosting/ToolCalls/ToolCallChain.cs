using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client;
using Ontraport.Client.Conditions;
using Ontraport.Client.Diagnostics;
using Ontraport.Mcp.Server.Text;
using Ontraport.Mcp.Server.Tools;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Hosting.ToolCalls;

/// <summary>
/// Everything that happens around a tool, as a chain of call-tool filters, outermost first: redaction and audit (and a
/// caller who hangs up), error translation, selection, argument checks, the duplicate-charge guard, progress
/// notifications, then the tool. Between the argument checks and the duplicate guard, a person's yes where one is needed
/// (<see cref="AskFirst"/>). Each step does one thing; a
/// step that refuses the call answers with an <c>isError</c> result and names the outcome on <see cref="CallContext"/>,
/// which the outer steps log and audit. Tools therefore contain no try/catch and know nothing of the host.
/// </summary>
public static class ToolCallChain
{
    public static IMcpRequestFilterBuilder AddToolCallChain(this IMcpRequestFilterBuilder filters) => filters
        .AddCallToolFilter(RedactAndAudit)
        .AddCallToolFilter(TranslateErrors)
        .AddCallToolFilter(CheckSelection)
        .AddCallToolFilter(CheckArguments)
        .AddCallToolFilter(AskFirst.Filter)
        .AddCallToolFilter(GuardDuplicates)
        .AddCallToolFilter(ReportProgress);

    private static CallContext Call(RequestContext<CallToolRequestParams> request) => request.Services!.GetRequiredService<CallContext>();

    private static CallToolResult Refuse(CallContext call, string outcome, string message)
    {
        call.Outcome = outcome;
        return ToolOutput.Error(message);
    }

    /// <summary>Outermost: no secret or card number leaves in a result; one log line and (for writes and refusals) one audit line per call.</summary>
    private static McpRequestHandler<CallToolRequestParams, CallToolResult> RedactAndAudit(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            var services = request.Services!;
            var call = Call(request);
            var time = services.GetRequiredService<TimeProvider>();
            var name = Shorten(request.Params?.Name ?? "");
            if (request.Server.ClientInfo?.Name is { Length: > 0 } clientName)
            {
                call.ClientName = clientName.Length > 100 ? clientName[..100] : clientName; // 2026-07-28 sends it with every request
            }

            // The SDK's "tools/call" span is current: name the account on it, and the tool for the attempts below it.
            var entry = ToolCatalog.Find(name);
            var metricName = entry is null ? "unknown" : name; // a client's made-up names never become metric series
            OntraportTelemetry.MarkToolCall(Activity.Current, metricName, call.Credentials?.AppId);

            var started = time.GetTimestamp();
            CallToolResult result;
            try
            {
                result = await next(request, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The caller hung up (or cancelled the call): not a server fault. What went out is known exactly, because
                // the limiter's wait ends without sending and a money-moving call's claim was released below (or kept).
                result = Abandoned(request, call, time.GetElapsedTime(started));
            }
            catch (InputRequiredException)
            {
                // The call waits for a person's yes (AskFirst): nothing that changes the account went out. The SDK turns
                // the exception into the input_required result.
                ServerTelemetry.RecordCall(metricName, AskFirst.AskedOutcome);
                services.GetRequiredService<Serilog.IDiagnosticContext>().Set("Outcome", AskFirst.AskedOutcome);
                throw;
            }

            var outcome = call.Outcome ??= result.IsError == true ? "error" : "ok";
            ServerTelemetry.RecordCall(metricName, outcome);
            if (Activity.Current is { IsAllDataRequested: true } span)
            {
                span.SetTag("ontraport.outcome", ServerTelemetry.Kind(outcome));
                span.SetTag("ontraport.upstream_requests", call.UpstreamRequests);
            }

            var secrets = services.GetRequiredService<SecretRegistry>();
            var requestKey = call.Credentials?.ApiKey;
            foreach (var block in result.Content.OfType<TextContentBlock>())
            {
                block.Text = Redaction.Scrub(block.Text, secrets, requestKey, forResult: true);
            }

            // The request's one log line (Serilog request logging) carries the call's facts, as text and as properties.
            var duration = time.GetElapsedTime(started).TotalMilliseconds;
            var account = call.Credentials?.AppId ?? "-";
            var diagnostics = services.GetRequiredService<Serilog.IDiagnosticContext>();
            diagnostics.Set("Tool", name);
            diagnostics.Set("Account", account);
            diagnostics.Set("Outcome", outcome);
            diagnostics.Set("UpstreamRequests", call.UpstreamRequests);
            if (services.GetService<IHttpContextAccessor>()?.HttpContext is { } http)
            {
                http.Items[ServerLogging.CallSummaryKey] = $"tools/call {name} account {account} client {call.ClientName ?? "-"}: {outcome}; {call.UpstreamRequests} upstream requests";
            }

            var isWrite = entry is { ReadOnly: false };
            if (isWrite || outcome.StartsWith("refused", StringComparison.Ordinal))
            {
                services.GetRequiredService<AuditTrail>().Record(new AuditEntry(time.GetUtcNow(), isWrite ? "write" : "refused", call.Credentials?.AppId, call.ClientName, name,
                    ToolArguments.ToJson(request.Params?.Arguments), outcome, call.UpstreamRequests, Math.Round(duration, 1)), requestKey);
            }

            return result;
        };

    /// <summary>The outcome of a call whose caller left before it finished, by what had gone out.</summary>
    public const string AbandonedNothingSent = "abandoned: caller left, nothing sent";

    public const string AbandonedAfterWrite = "abandoned: caller left after a write went out";

    /// <summary>
    /// A caller who leaves is one Information line (no stack trace, no warning) and, for a write, an audit line that says
    /// whether anything that could change the account went out. The result goes nowhere; it only carries the outcome.
    /// </summary>
    private static CallToolResult Abandoned(RequestContext<CallToolRequestParams> request, CallContext call, TimeSpan after)
    {
        var wrote = call.UpstreamWrites > 0;
        call.Outcome = wrote ? AbandonedAfterWrite : AbandonedNothingSent;
        request.Services!.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ToolCallChain)).LogInformation(
            "tools/call {Tool:l} account {Account:l}: the caller left after {Seconds:0.0} s, before the answer; {Sent:l}",
            Shorten(request.Params?.Name ?? ""), call.Credentials?.AppId ?? "-", after.TotalSeconds,
            wrote ? "a write had gone out to Ontraport" : "nothing that changes the account was sent");
        return ToolOutput.Error(wrote
            ? "The call was cancelled after its write went out to Ontraport; check the affected records before trying again."
            : "The call was cancelled before anything that changes the account was sent.");
    }

    /// <summary>
    /// When the request's <c>_meta</c> has a <c>progressToken</c>, the client's waits and pages become progress
    /// notifications on the call's own stream (<see cref="ToolCallProgress"/>); without one, nothing is sent.
    /// </summary>
    private static McpRequestHandler<CallToolRequestParams, CallToolResult> ReportProgress(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            if (request.Params?.ProgressToken is not { } token)
            {
                return await next(request, cancellationToken);
            }

            var services = request.Services!;
            var call = Call(request);
            await using var progress = new ToolCallProgress(request.Server, token, services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILoggerFactory>().CreateLogger<ToolCallProgress>());
            call.Progress.Target = progress;
            try
            {
                return await next(request, cancellationToken);
            }
            finally
            {
                call.Progress.Target = null;
            }
        };

    /// <summary>Every failure below becomes an <c>isError</c> result that says what to do: never a stack trace or a secret.</summary>
    private static McpRequestHandler<CallToolRequestParams, CallToolResult> TranslateErrors(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            var call = Call(request);
            try
            {
                return await next(request, cancellationToken);
            }
            catch (OutcomeUnknownException ex)
            {
                return Refuse(call, OutcomeUnknownException.Outcome, ex.Message);
            }
            catch (ToolInputException ex)
            {
                return Refuse(call, "refused: " + TextLimit.Shorten(ex.Message, 60), ex.Message);
            }
            catch (CriteriaFormatException ex)
            {
                return Refuse(call, "refused: condition", "condition: " + ex.Message);
            }
            catch (OntraportException ex) when (ex.Kind == OntraportErrorKind.Unauthorized && call.CredentialsRejected is { } rejected)
            {
                // A signed-in user's key stopped working: end this grant so the next sign-in replaces it, and say so.
                await rejected(CancellationToken.None);
                return Refuse(call, "upstream Unauthorized: grant ended, reconnect",
                    "Ontraport refused this account's App ID and API key (401), so this sign-in has ended. Reconnect the server in your client and " +
                    "sign in again with a working App ID and API key.");
            }
            catch (OntraportException ex)
            {
                return Refuse(call, ex.Kind == OntraportErrorKind.OutcomeUnknown ? OutcomeUnknownException.Outcome : "upstream " + ex.Kind,
                    ex.Kind == OntraportErrorKind.BadRequest ? ex.Message + ToolHints.CheckFieldsAndCondition : ex.Message);
            }
            catch (JsonException ex)
            {
                return Refuse(call, "refused: binding", "An argument has the wrong shape: " + ex.Message.Split(" Path:")[0]);
            }
            catch (ArgumentException ex) when (ex.TargetSite?.DeclaringType?.Namespace?.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal) == true)
            {
                return Refuse(call, "refused: binding", ex.Message.Split(" (Parameter")[0]);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or McpProtocolException or InputRequiredException) || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                var reference = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
                var name = Shorten(request.Params?.Name ?? "");
                request.Services!.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ToolCallChain)).LogError(
                    "Tool {Tool} failed unexpectedly ({ExceptionType}) reference {Reference} at {Site}",
                    name, ex.GetType().Name, reference, new StackTrace(ex, false).GetFrame(0)?.GetMethod()?.Name);
                return Refuse(call, "internal error " + reference,
                    $"The server hit an internal error running {name} (reference {reference}). Try again, and report the reference if it persists.");
            }
        };

    /// <summary>Only tools this request may see can be called: tools/list and tools/call make the same decision.</summary>
    private static McpRequestHandler<CallToolRequestParams, CallToolResult> CheckSelection(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (request, cancellationToken) =>
        {
            var call = Call(request);
            var name = request.Params?.Name ?? "";
            if (request.MatchedPrimitive is not McpServerTool)
            {
                return ValueTask.FromResult(Refuse(call, "refused: unknown tool", $"There is no tool named '{Shorten(name)}'. Call tools/list to see the available tools."));
            }

            if (call.Inventory?.WhyHidden(name) is { } hidden)
            {
                return ValueTask.FromResult(Refuse(call, "refused: tool not available", $"{name} is not available here: {hidden}. Call tools/list to see the tools you can use."));
            }

            return next(request, cancellationToken);
        };

    /// <summary>Arguments are coerced and checked against the tool's input schema before it runs: a bad one costs no upstream request.</summary>
    private static McpRequestHandler<CallToolRequestParams, CallToolResult> CheckArguments(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (request, cancellationToken) =>
        {
            var schema = ToolCatalog.Find(request.Params?.Name ?? "")?.CallSchema ?? ((McpServerTool)request.MatchedPrimitive!).ProtocolTool.InputSchema; // CallSchema: ToolDescriptor
            ToolArguments.Coerce(schema, request.Params?.Arguments);
            return ToolArguments.Check(schema, request.Params?.Arguments) is { Count: > 0 } problems
                ? ValueTask.FromResult(Refuse(Call(request), "refused: arguments", string.Join(" ", problems)))
                : next(request, cancellationToken);
        };

    /// <summary>
    /// An identical money-moving call (same account, tool and arguments) within <see cref="DuplicateGuard.Window"/> of
    /// another is refused unless it says <c>allow_duplicate</c>. The call claims its key before anything is sent (so two
    /// identical calls at once, on one instance or several, cannot both go out), keeps the claim when a money-moving or
    /// record-creating request went out whatever its outcome (a charge whose answer was lost counts), and releases it
    /// when none did (bad arguments, a refusal before sending). When the shared guard cannot be checked the call is
    /// refused: nothing is ever charged twice.
    /// </summary>
    private static McpRequestHandler<CallToolRequestParams, CallToolResult> GuardDuplicates(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            var call = Call(request);
            var name = request.Params?.Name ?? "";
            if (call.Credentials is null || ToolCatalog.Find(name) is not { MoneyMoving: true })
            {
                return await next(request, cancellationToken);
            }

            var arguments = ToolArguments.ToJson(request.Params?.Arguments);
            if (IsTrue(arguments, "dry_run"))
            {
                return await next(request, cancellationToken);
            }

            var guard = request.Services!.GetRequiredService<IDuplicateGuard>();
            DuplicateClaim claim;
            try
            {
                claim = await guard.ClaimAsync(DuplicateGuard.Key(call.Credentials.AppId, name, arguments), IsTrue(arguments, "allow_duplicate"), cancellationToken);
            }
            catch (DuplicateGuardUnavailableException ex)
            {
                return Refuse(call, "refused: duplicate guard unavailable", ex.Message);
            }

            if (!claim.Claimed)
            {
                var ago = request.Services!.GetRequiredService<TimeProvider>().GetUtcNow() - claim.ExistingAt;
                var when = $"{Math.Max(1, (int)ago.TotalMinutes)} min ago ({RecordShaper.IsoDate(claim.ExistingAt)})";
                ServerTelemetry.RecordDuplicateRefusal(name);
                return Refuse(call, ServerTelemetry.DuplicateOutcome,
                    (claim.ExistingInFlight
                        ? $"An identical {name} call is on its way to Ontraport right now (started {RecordShaper.IsoDate(claim.ExistingAt)}); "
                        : $"An identical {name} call reached Ontraport {when}; ") +
                    "it is refused so nothing is charged twice. " +
                    "Check its outcome first (get_invoices or get_payments for the contact). If you really mean to repeat it, call again with allow_duplicate: true.");
            }

            try
            {
                return await next(request, cancellationToken);
            }
            finally
            {
                if (call.RecordCreatingWrites > 0)
                {
                    await guard.KeepAsync(claim);
                }
                else
                {
                    await guard.ReleaseAsync(claim);
                }
            }
        };

    private static bool IsTrue(JsonObject arguments, string name) => arguments[name]?.GetValueKind() == JsonValueKind.True;

    private static string Shorten(string text) => TextLimit.Shorten(text, 80);
}
