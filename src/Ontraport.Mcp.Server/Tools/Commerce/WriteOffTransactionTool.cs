using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class WriteOffTransactionTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "write_off_transaction", Title = "Write off an unpaid invoice", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Mark an unpaid invoice (open, declined or in collections) as uncollectable: written off, no longer owed. Paid, " +
        "refunded and draft invoices are refused. An invoice already written off is left as it is.")]
    public async Task<CallToolResult> WriteOffTransaction(
        [Description("The invoice (transaction) id, as get_invoices shows it.")] long transaction_id,
        [Description("Validate and return the exact request without sending it.")] bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var billing = new Billing(session, lookup);
        var transaction = await billing.TransactionAsync(transaction_id, "transaction_id", cancellationToken);
        return await TransactionAction.MoveAsync(billing, transaction, TransactionStatus.WrittenOff, TransactionRules.Unpaid,
            TransactionRequests.WriteOff(transaction.Id), "written off", dry_run, cancellationToken);
    }
}
