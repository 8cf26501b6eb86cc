using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class MarkTransactionPaidTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "mark_transaction_paid", Title = "Mark an invoice paid", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Mark an open, declined or in-collections invoice as paid without charging anything (payment settled outside " +
        "Ontraport). An invoice already paid is left as it is. To charge a card use pay_invoice; to record a new purchase use log_offline_purchase.")]
    public async Task<CallToolResult> MarkTransactionPaid(
        [Description("The invoice (transaction) id, as get_invoices shows it.")] long transaction_id,
        [Description("Validate and return the exact request without sending it.")] bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var billing = new Billing(session, lookup);
        var transaction = await billing.TransactionAsync(transaction_id, "transaction_id", cancellationToken);
        return await TransactionAction.MoveAsync(billing, transaction, TransactionStatus.Paid, TransactionRules.Unpaid,
            TransactionRequests.MarkPaid(transaction.Id), "marked paid", dry_run, cancellationToken);
    }
}
