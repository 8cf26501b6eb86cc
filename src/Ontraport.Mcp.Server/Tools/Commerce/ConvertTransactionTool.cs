using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class ConvertTransactionTool(Billing billing)
{
    [McpServerTool(Name = "convert_transaction", Title = "Convert invoice", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Move an unpaid invoice to collections, or mark it declined.")]
    public async Task<CallToolResult> ConvertTransaction(
        long transaction_id,
        [Description("New state."), AllowedValues("collections", "declined")] string to,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var target = to?.Trim().ToLowerInvariant() switch
        {
            "collections" or "collection" or "in collections" => TransactionStatus.Collections,
            "declined" or "decline" => TransactionStatus.Declined,
            _ => throw new ToolInputException($"to must be collections or declined, not '{to}'."),
        };
        var transaction = await billing.TransactionAsync(transaction_id, "transaction_id", cancellationToken);
        var (request, done) = target == TransactionStatus.Collections
            ? (TransactionRequests.ConvertToCollections(transaction.Id), "sent to collections")
            : (TransactionRequests.ConvertToDecline(transaction.Id), "marked declined");
        return await TransactionAction.MoveAsync(billing, transaction, target, TransactionRules.Unpaid, request, done, dry_run, cancellationToken);
    }
}
