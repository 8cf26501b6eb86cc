using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class VoidTransactionTool(ToolSession session, RecordLookup lookup)
{
    private static readonly IReadOnlyList<TransactionStatus> Unsettled = TransactionRules.Voidable;

    [McpServerTool(Name = "void_transaction", Title = "Void a pending charge", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Void a pending (unsettled) charge before it clears, by transaction id or a contact's only pending charge. Settled " +
        "charges are refused: refund them with refund_transaction. An already voided charge is left as it is.")]
    public async Task<CallToolResult> VoidTransaction(
        [Description("The transaction (invoice) id, as get_invoices shows it.")] long? transaction_id = null,
        [Description("Instead of transaction_id: the contact (id, email or name) whose only pending charge is voided.")] string? contact = null,
        [Description("Validate and return the exact request without sending it.")] bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var billing = new Billing(session, lookup);
        var transaction = await TransactionChoice.FindAsync(billing, transaction_id, contact, Unsettled, "pending charge", cancellationToken);
        return await TransactionAction.MoveAsync(billing, transaction, TransactionStatus.Voided, Unsettled,
            TransactionRequests.Void(transaction.Id), "voided", dry_run, cancellationToken);
    }
}
