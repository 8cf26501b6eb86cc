using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class RefundTransactionTool(ToolSession session, Billing billing)
{
    private static readonly IReadOnlyList<TransactionStatus> Settled = TransactionRules.Refundable;

    [McpServerTool(Name = "refund_transaction", Title = "Refund charge", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = true)]
    [Description("Refund a settled charge, all or part (at most what is left). Moves money; pending: void_transaction.")]
    [MoneyMoving]
    public async Task<CallToolResult> RefundTransaction(
        long? transaction_id = null,
        string? contact = null,
        [Description("Default all left; with contact, picks the charge of that total."), Range(0, double.MaxValue)] decimal? amount = null,
        string? since = null,
        bool dry_run = false,
        bool allow_duplicate = false,
        CancellationToken cancellationToken = default)
    {
        var requested = amount is { } a ? Money.Positive(a, "amount") : (decimal?)null;
        var from = (await DateRange.ReadAsync(session, since, null, cancellationToken))?.Start;
        var transaction = await TransactionChoice.FindAsync(billing, transaction_id, contact, Settled, "paid transaction", cancellationToken,
            t => (requested is null || t.GetDecimal("total") == requested) && (from is null || t.GetLong("date") >= from.Value.ToUnixTimeSeconds()),
            (requested is null ? "" : $" of {Money.Plain(requested.Value)}") + (from is null ? "" : $" since {RecordShaper.IsoDate(from.Value)}"));
        Billing.Require(transaction, "refunded", Settled, Billing.StatusOf(transaction) == TransactionStatus.Pending ? " A pending charge is voided with void_transaction." : null);

        var currency = await billing.Commerce.CurrencyAsync(transaction.GetLong("gateway_id"), cancellationToken);
        var refundable = await billing.Commerce.RefundableAsync(transaction, cancellationToken);
        var refund = requested ?? refundable;
        if (refund > refundable)
        {
            throw new ToolInputException($"amount {Money.Format(refund, currency)} is more than the {Money.Format(refundable, currency)} left to refund on transaction {transaction.Id}. Nothing was sent.");
        }

        if (refund <= 0)
        {
            throw new ToolInputException($"Transaction {transaction.Id} has nothing left to refund. Nothing was sent.");
        }

        var contactId = transaction.GetLong("contact_id") ?? 0;
        var request = InvoiceMapping.Refund(transaction.Id, refund < refundable ? refund : null);
        var view = await billing.ViewAsync(cancellationToken);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new RefundDryRun(Money.Format(refund, currency), view.Invoice(transaction)));
        }

        await billing.SendOnceAsync(request, Billing.HowToCheck("the refund was made", contactId, transaction.Id), cancellationToken);
        var answer = new RefundedAnswer(Money.Format(refund, currency), Money.Format(refundable - refund, currency), transaction.Id, null, null, null);
        var read = await billing.Commerce.TransactionAfterWriteAsync(transaction.Id, cancellationToken);
        if (read.Value is not { } after)
        {
            return ToolOutput.Json(answer with { ReadBack = AfterWrite.Note(read, $"transaction {transaction.Id}", Billing.CheckInvoice(transaction.Id)) });
        }

        var expected = refund < refundable ? TransactionStatus.PartiallyRefunded : TransactionStatus.Refunded;
        return ToolOutput.Json(answer with
        {
            Invoice = view.Invoice(after, detailed: true),
            Warning = Billing.StatusOf(after) == expected ? null
                : $"Ontraport now shows the transaction as {InvoiceMapping.Word(Billing.StatusOf(after))}, not {InvoiceMapping.Word(expected)}; check it in Ontraport.",
        });
    }
}
