using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Ontraport.Client.Http;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

/// <summary>
/// The end of every state change on one transaction: the dry run, or the request (sent once when it can move money) and
/// the transaction read back, so the answer shows what Ontraport now holds rather than what was asked.
/// </summary>
public static class TransactionAction
{
    public static async Task<CallToolResult> RunAsync(
        Billing billing, OntraportRequest request, OntraportRecord transaction, bool dryRun, string done, string howToCheck, CancellationToken cancellationToken)
    {
        var view = await billing.ViewAsync(cancellationToken);
        if (dryRun)
        {
            return ToolOutput.DryRun([request], new JsonObject { ["transaction"] = view.Invoice(transaction) });
        }

        if (request.Effect == RequestEffect.NonIdempotentWrite)
        {
            await billing.SendOnceAsync(request, howToCheck, cancellationToken);
        }
        else
        {
            await billing.Client.SendAsync(request, cancellationToken);
        }

        var now = await billing.TransactionAsync(transaction.Id, "transaction", cancellationToken);
        return ToolOutput.Json(new JsonObject { ["done"] = done, ["invoice"] = view.Invoice(now, detailed: true) });
    }

    /// <summary>The answer when the transaction is already where the call wants it: nothing is sent.</summary>
    public static async Task<CallToolResult> AlreadyAsync(Billing billing, OntraportRecord transaction, string state, CancellationToken cancellationToken) =>
        ToolOutput.Json(new JsonObject
        {
            ["note"] = $"Transaction {transaction.Id} is already {state}; nothing was sent.",
            ["invoice"] = (await billing.ViewAsync(cancellationToken)).Invoice(transaction, detailed: true),
        });
}
