using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class VoidTransactionTool(Billing billing)
{
    private static readonly IReadOnlyList<TransactionStatus> Unsettled = TransactionRules.Voidable;

    [McpServerTool(Name = "void_transaction", Title = "Void charge", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Void a pending charge before it settles; settled: refund_transaction.")]
    public async Task<CallToolResult> VoidTransaction(
        long? transaction_id = null,
        string? contact = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var transaction = await TransactionChoice.FindAsync(billing, transaction_id, contact, Unsettled, "pending charge", cancellationToken);
        return await TransactionAction.MoveAsync(billing, transaction, TransactionStatus.Voided, Unsettled,
            TransactionRequests.Void(transaction.Id), "voided", dry_run, cancellationToken);
    }
}
