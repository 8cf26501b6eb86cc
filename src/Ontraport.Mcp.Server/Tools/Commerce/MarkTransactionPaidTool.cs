using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Parameters;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class MarkTransactionPaidTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "mark_transaction_paid", Title = "Mark an invoice paid", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Mark an open, declined or in-collections invoice paid without charging (settled outside Ontraport). To charge: " +
        "pay_invoice; a new purchase: log_offline_purchase.")]
    public async Task<CallToolResult> MarkTransactionPaid(
        [Description(ToolParameters.TransactionId)] long transaction_id,
        [Description(ToolParameters.DryRun)] bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var billing = new Billing(session, lookup);
        var transaction = await billing.TransactionAsync(transaction_id, "transaction_id", cancellationToken);
        return await TransactionAction.MoveAsync(billing, transaction, TransactionStatus.Paid, TransactionRules.Unpaid,
            TransactionRequests.MarkPaid(transaction.Id), "marked paid", dry_run, cancellationToken);
    }
}
