using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Mcp.Server.Settings;
using Ontraport.Mcp.Server.Tools;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Hosting.ToolCalls;

/// <summary>
/// A person's yes before money moves or records are deleted in bulk (<see cref="ToolDescriptor.AsksFirst"/>,
/// <c>ONTRAPORT_MCP_CONFIRM</c>). A client that can ask (2026-07-28 with form elicitation) gets, on the first call, an
/// <c>input_required</c> result with one form question built from the tool's own dry run, and nothing that changes the
/// account is sent; the retry carries the answer and the sealed <c>requestState</c>, and only an accepted
/// <c>confirm: true</c> sends the request, once. A dry run hands out a sealed <c>confirmation</c> for its exact
/// arguments, which a later call may carry as its yes. Every sealed value is checked (<see cref="Confirmations"/>) and
/// single-use; one that fails sends nothing and says why.
/// </summary>
public static class AskFirst
{
    /// <summary>The question's key in <c>inputRequests</c>/<c>inputResponses</c>.</summary>
    public const string QuestionKey = "confirm";

    public const string AskedOutcome = "asked: a person's yes";

    /// <summary>Added to a dry run's note: what its confirmation is for.</summary>
    public const string ConfirmationNote = " Once the person agrees, call again with the same arguments and confirmation (it works once, for 10 minutes).";

    public const string DeclinedOutcome = "declined by the person: nothing sent";

    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (request, cancellationToken) =>
        {
            var services = request.Services!;
            var call = services.GetRequiredService<CallContext>();
            var name = request.Params?.Name ?? "";
            var arguments = request.Params?.Arguments;
            if (call.Credentials is null || ToolCatalog.Find(name) is not { AsksFirst: true } || arguments is null && request.Params?.RequestState is null)
            {
                return await next(request, cancellationToken);
            }

            arguments ??= request.Params!.Arguments = new Dictionary<string, JsonElement>();
            string? confirmation = null;
            if (arguments.Remove("confirmation", out var given) && given.ValueKind == JsonValueKind.String)
            {
                confirmation = given.GetString();
            }

            var mode = services.GetRequiredService<ServerSettings>().Confirm;
            if (mode == ConfirmMode.Off)
            {
                return await next(request, cancellationToken);
            }

            var confirmations = services.GetRequiredService<Confirmations>();
            var json = ToolArguments.ToJson(arguments);
            var binding = Confirmations.Of(call.Credentials, call.GrantId, name, json);
            if (json["dry_run"]?.GetValueKind() == JsonValueKind.True)
            {
                var preview = await next(request, cancellationToken);
                if (DryRunAnswer(preview) is { } answer)
                {
                    answer["confirmation"] = confirmations.Seal(Confirmations.Kind.Yes, binding);
                    answer["note"] = answer["note"]?.GetValue<string>() + ConfirmationNote;
                    return ToolOutput.Json(answer);
                }

                return preview;
            }

            if (request.Params!.RequestState is { } state)
            {
                return await AnsweredAsync(request, call, confirmations, binding, state, next, cancellationToken);
            }

            // Where a person can be asked, they are: a dry run's confirmation is in the model's hands, so there it is only
            // checked (a bad one still says why) and the person still answers the question.
            var canAsk = CanAsk(request.Server);
            if (confirmation is not null)
            {
                var opened = confirmations.Open(Confirmations.Kind.Yes, confirmation, binding);
                if (opened.Why is { } why)
                {
                    return Refuse(call, why, name, "confirmation");
                }

                if (!canAsk)
                {
                    return await ClaimAsync(request, opened.Nonce!, cancellationToken) ?? await next(request, cancellationToken);
                }
            }

            if (canAsk)
            {
                return await AskAsync(request, confirmations, binding, next, cancellationToken);
            }

            if (mode == ConfirmMode.Required)
            {
                call.Outcome = "refused: no person's yes";
                return ToolOutput.Error(
                    $"{name} needs a person's yes on this server (ONTRAPORT_MCP_CONFIRM=required), and this client cannot ask one (no form elicitation). " +
                    "Nothing was sent. Call it with dry_run: true, show the preview to the person, and when they agree call again with the same arguments " +
                    "and confirmation set to the dry run's confirmation; or use a client that can ask (form elicitation).");
            }

            return await next(request, cancellationToken);
        };

    /// <summary>A client that can be asked: MRTR (2026-07-28) and form elicitation declared on this request.</summary>
    public static bool CanAsk(McpServer server) =>
        server.IsMrtrSupported && server.ClientCapabilities?.Elicitation is { } elicitation && (elicitation.Form is not null || elicitation.Url is null);

    /// <summary>First call: run the tool's dry run (reads only), then put what it would do to the person.</summary>
    private static async ValueTask<CallToolResult> AskAsync(RequestContext<CallToolRequestParams> request, Confirmations confirmations, Confirmations.Binding binding,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken cancellationToken)
    {
        var time = request.Services!.GetRequiredService<TimeProvider>();
        var started = time.GetTimestamp();
        var arguments = request.Params!.Arguments!;
        var original = ToolArguments.ToJson(arguments);
        arguments["dry_run"] = JsonSerializer.SerializeToElement(true);
        var preview = await next(request, cancellationToken);
        if (DryRunAnswer(preview) is not { } answer)
        {
            return preview; // an error, or nothing to do (no match, a refused delete-all): the real call would answer the same, sending nothing
        }

        var call = request.Services!.GetRequiredService<CallContext>();
        call.Outcome = AskedOutcome;
        var message = Redaction.Scrub(ConfirmationMessage.Of(binding.Tool, original, answer), request.Services!.GetRequiredService<SecretRegistry>(), call.Credentials?.ApiKey);

        // The question leaves as input_required, past the call chain's audit line: the audit records it here, so the asking
        // round trip reads asked, then answered (the retry's own line: done, or declined with nothing sent).
        request.Services!.GetRequiredService<AuditTrail>().Record(new AuditEntry(time.GetUtcNow(), "write", call.Credentials?.AppId, call.ClientName, binding.Tool,
            original, AskedOutcome, call.UpstreamRequests, Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1)), call.Credentials?.ApiKey);
        throw new InputRequiredException(
            new Dictionary<string, InputRequest>
            {
                [QuestionKey] = InputRequest.ForElicitation(new ElicitRequestParams
                {
                    Message = message,
                    RequestedSchema = new ElicitRequestParams.RequestSchema
                    {
                        Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                        {
                            [QuestionKey] = new ElicitRequestParams.BooleanSchema { Title = "Go ahead", Description = "true to do exactly this, once" },
                        },
                        Required = [QuestionKey],
                    },
                }),
            },
            confirmations.Seal(Confirmations.Kind.Question, binding));
    }

    /// <summary>The retry: the state must be ours, this caller's, for this call, fresh and unused; then the answer decides.</summary>
    private static async ValueTask<CallToolResult> AnsweredAsync(RequestContext<CallToolRequestParams> request, CallContext call, Confirmations confirmations,
        Confirmations.Binding binding, string state, McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken cancellationToken)
    {
        var opened = confirmations.Open(Confirmations.Kind.Question, state, binding);
        if (opened.Why is { } why)
        {
            return Refuse(call, why, binding.Tool, "requestState");
        }

        if (await ClaimAsync(request, opened.Nonce!, cancellationToken) is { } refused)
        {
            return refused;
        }

        ElicitResult? answer = null;
        if (request.Params!.InputResponses?.TryGetValue(QuestionKey, out var response) == true)
        {
            try
            {
                answer = response.Deserialize(InputResponse.ElicitResultJsonTypeInfo);
            }
            catch (JsonException)
            {
                // Not an elicitation answer: treated as no answer below.
            }
        }

        if (answer is null)
        {
            call.Outcome = "refused: no answer";
            return ToolOutput.Error($"The retry of {binding.Tool} carries no answer to the question '{QuestionKey}', so nothing was sent. Call {binding.Tool} again without requestState to be asked again.");
        }

        var yes = answer.IsAccepted && answer.Content?.TryGetValue(QuestionKey, out var confirm) == true && confirm.ValueKind == JsonValueKind.True;
        if (!yes)
        {
            call.Outcome = DeclinedOutcome;
            var how = answer.IsAccepted ? "did not confirm" : string.Equals(answer.Action, "decline", StringComparison.OrdinalIgnoreCase) ? "declined" : "cancelled";
            return ToolOutput.Json(new JsonObject
            {
                ["declined"] = true,
                ["note"] = $"The person {how}; nothing was sent to Ontraport. Do not repeat the call unless they ask for it again.",
            });
        }

        return await next(request, cancellationToken);
    }

    /// <summary>Claims a nonce once (in memory, or Redis with several instances); a second use is a replay.</summary>
    private static async ValueTask<CallToolResult?> ClaimAsync(RequestContext<CallToolRequestParams> request, string nonce, CancellationToken cancellationToken)
    {
        var call = request.Services!.GetRequiredService<CallContext>();
        var guard = request.Services!.GetRequiredService<IDuplicateGuard>();
        DuplicateClaim claim;
        try
        {
            claim = await guard.ClaimAsync(Confirmations.NonceKey(nonce), force: false, cancellationToken);
        }
        catch (DuplicateGuardUnavailableException ex)
        {
            call.Outcome = "refused: duplicate guard unavailable";
            return ToolOutput.Error(ex.Message);
        }

        if (!claim.Claimed)
        {
            return Refuse(call, Confirmations.Refusal.Replayed, request.Params?.Name ?? "", "confirmation");
        }

        await guard.KeepAsync(claim);
        return null;
    }

    private static CallToolResult Refuse(CallContext call, Confirmations.Refusal why, string tool, string what)
    {
        call.Outcome = "refused: " + what + " " + why.ToString().ToLowerInvariant();
        var reason = why switch
        {
            Confirmations.Refusal.Tampered => $"The {what} is not one this server sealed (altered, cut short, or from another server)",
            Confirmations.Refusal.Foreign => $"The {what} was given to another account or key",
            Confirmations.Refusal.OtherGrant => $"The {what} was given under another sign-in to this account (another OAuth grant)",
            Confirmations.Refusal.Retargeted => $"The {what} was given for another tool or other arguments than this call's",
            Confirmations.Refusal.Expired => $"The {what} has expired (it holds for {Confirmations.Lifetime.TotalMinutes:0} minutes)",
            _ => $"The {what} has already been used (each holds for one call)",
        };
        var again = what == "requestState"
            ? $"Call {tool} again without requestState to be asked again."
            : $"Call {tool} with dry_run: true for a new confirmation, show it to the person, and call again with it.";
        return ToolOutput.Error($"{reason}; nothing was sent. {again}");
    }

    /// <summary>The JSON object of a successful dry-run answer, else null.</summary>
    private static JsonObject? DryRunAnswer(CallToolResult result) =>
        result.IsError != true && result.Content is [TextContentBlock text] && JsonNode.Parse(text.Text) is JsonObject answer &&
        answer["dry_run"]?.GetValueKind() == JsonValueKind.True
            ? answer
            : null;
}
