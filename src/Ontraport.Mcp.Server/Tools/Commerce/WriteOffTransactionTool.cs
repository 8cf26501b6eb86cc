using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class WriteOffTransactionTool(Billing billing)
{
    [McpServerTool(Name = "write_off_transaction", Title = "Write off invoice", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Write off an unpaid invoice as uncollectable.")]
    public async Task<CallToolResult> WriteOffTransaction(
        long transaction_id,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var transaction = await billing.TransactionAsync(transaction_id, "transaction_id", cancellationToken);
        return await TransactionAction.MoveAsync(billing, transaction, TransactionStatus.WrittenOff, TransactionRules.Unpaid,
            TransactionRequests.WriteOff(transaction.Id), "written off", dry_run, cancellationToken);
    }
}
