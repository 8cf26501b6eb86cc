using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class MarkTransactionPaidTool(Billing billing)
{
    [McpServerTool(Name = "mark_transaction_paid", Title = "Mark invoice paid", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Mark an unpaid invoice paid (settled outside Ontraport). Charges nothing.")]
    public async Task<CallToolResult> MarkTransactionPaid(
        long transaction_id,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var transaction = await billing.TransactionAsync(transaction_id, "transaction_id", cancellationToken);
        return await TransactionAction.MoveAsync(billing, transaction, TransactionStatus.Paid, TransactionRules.Unpaid,
            TransactionRequests.MarkPaid(transaction.Id), "marked paid", dry_run, cancellationToken);
    }
}
