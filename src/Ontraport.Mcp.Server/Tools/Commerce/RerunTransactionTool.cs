using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class RerunTransactionTool(Billing billing)
{
    private static readonly IReadOnlyList<TransactionStatus> Failed = TransactionRules.Retryable;

    [McpServerTool(Name = "rerun_transaction", Title = "Retry charge", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = true)]
    [Description("Charge a declined or in-collections transaction again. Moves money.")]
    [MoneyMoving]
    public async Task<CallToolResult> RerunTransaction(
        long? transaction_id = null,
        string? contact = null,
        bool dry_run = false,
        bool allow_duplicate = false,
        CancellationToken cancellationToken = default)
    {
        var transaction = await TransactionChoice.FindAsync(billing, transaction_id, contact, Failed, "failed charge", cancellationToken);
        Billing.Require(transaction, "retried", Failed, Billing.StatusOf(transaction) == TransactionStatus.Paid ? " It is already paid." : null);
        var contactId = transaction.GetLong("contact_id") ?? 0;
        var cardId = transaction.GetLong("cc_id") is > 0 and var id ? id
            : throw new ToolInputException($"Transaction {transaction.Id} has no card to retry; charge it to a card on file with pay_invoice (card_id). Nothing was sent.");
        var card = await billing.CardAsync(await billing.ContactOfAsync(transaction, cancellationToken), cardId, cancellationToken);
        var request = TransactionRequests.Rerun(transaction.Id);
        var view = await billing.ViewAsync(cancellationToken);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new RerunDryRun(view.Invoice(transaction).Total, Billing.CardLabel(card)));
        }

        await billing.SendOnceAsync(request, Billing.HowToCheck("the retry went through", contactId, transaction.Id), cancellationToken);
        // transaction/rerun answers without the outcome: only the transaction read back says whether it was paid.
        var after = await billing.Commerce.TransactionAfterWriteAsync(transaction.Id, cancellationToken);
        if (after.Value is not { } now)
        {
            return ToolOutput.Json(new RetriedAnswer(transaction.Id, Billing.CardLabel(card),
                AfterWrite.Note(after, $"whether transaction {transaction.Id} is now paid", Billing.CheckInvoice(transaction.Id))));
        }

        var paid = Billing.StatusOf(now) == TransactionStatus.Paid;
        return await ChargeAnswer.FromAsync(billing, new ChargeResult(paid, now.Id, null, null,
            paid ? "Success!" : $"the {Billing.CardLabel(card)} was declined again (attempt {now.GetLong("recharge_attempts")})."), card, contactId,
            view.Invoice(transaction).Total, cancellationToken);
    }
}
