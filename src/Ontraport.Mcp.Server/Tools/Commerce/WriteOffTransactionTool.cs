using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Parameters;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class WriteOffTransactionTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "write_off_transaction", Title = "Write off an unpaid invoice", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Write off an unpaid invoice (open, declined or in collections) as uncollectable. Paid, refunded and draft invoices are " +
        "refused.")]
    public async Task<CallToolResult> WriteOffTransaction(
        [Description(ToolParameters.TransactionId)] long transaction_id,
        [Description(ToolParameters.DryRun)] bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var billing = new Billing(session, lookup);
        var transaction = await billing.TransactionAsync(transaction_id, "transaction_id", cancellationToken);
        return await TransactionAction.MoveAsync(billing, transaction, TransactionStatus.WrittenOff, TransactionRules.Unpaid,
            TransactionRequests.WriteOff(transaction.Id), "written off", dry_run, cancellationToken);
    }
}
