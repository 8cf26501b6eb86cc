using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Parameters;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class ConvertTransactionTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "convert_transaction", Title = "Move an invoice to collections or declined", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Move an unpaid invoice (open, declined or in collections) to collections, or mark it declined. Paid, refunded, " +
        "written-off and draft invoices are refused.")]
    public async Task<CallToolResult> ConvertTransaction(
        [Description(ToolParameters.TransactionId)] long transaction_id,
        [Description("Where the invoice goes."), AllowedValues("collections", "declined")] string to,
        [Description(ToolParameters.DryRun)] bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var target = to?.Trim().ToLowerInvariant() switch
        {
            "collections" or "collection" or "in collections" => TransactionStatus.Collections,
            "declined" or "decline" => TransactionStatus.Declined,
            _ => throw new ToolInputException($"to must be collections or declined, not '{to}'."),
        };
        var billing = new Billing(session, lookup);
        var transaction = await billing.TransactionAsync(transaction_id, "transaction_id", cancellationToken);
        var (request, done) = target == TransactionStatus.Collections
            ? (TransactionRequests.ConvertToCollections(transaction.Id), "sent to collections")
            : (TransactionRequests.ConvertToDecline(transaction.Id), "marked declined");
        return await TransactionAction.MoveAsync(billing, transaction, target, TransactionRules.Unpaid, request, done, dry_run, cancellationToken);
    }
}
