using ModelContextProtocol.Protocol;
using Ontraport.Client.Objects;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

/// <summary>
/// What a charge tool answers: the charge and the invoice as it now stands, or a decline as an error result. Once
/// Ontraport approved the charge, the invoice read that follows is best effort: when it fails the answer still says what
/// was charged, with the ids Ontraport returned, and that the invoice could not be read back.
/// </summary>
public static class ChargeAnswer
{
    /// <summary>The answer for <paramref name="result"/>; <paramref name="amount"/> is what the tool computed before sending, shown when the invoice cannot be read.</summary>
    public static async Task<CallToolResult> FromAsync(
        Billing billing, ChargeResult result, OntraportRecord card, long contactId, string amount, CancellationToken cancellationToken)
    {
        if (result.InvoiceId is not { } invoiceId)
        {
            if (!result.Approved)
            {
                return ToolOutput.Error($"Declined: {Reason(result)} Nothing was charged to the {Billing.CardLabel(card)}. Use another card (card_id).");
            }

            return ToolOutput.Json(Charged(result, card, amount, null) with
            {
                ReadBack = $"Done, but Ontraport did not say which invoice the charge belongs to; find it with get_invoices (contact: {contactId}, since: today). Do not repeat the call.",
            });
        }

        var invoice = await billing.Commerce.TransactionAfterWriteAsync(invoiceId, cancellationToken);
        if (!result.Approved)
        {
            var now = invoice.Value is { } declined && InvoiceMapping.StatusOf(declined) is { } status
                ? $"invoice {invoiceId} is now {InvoiceMapping.Word(status)}"
                : $"invoice {invoiceId} stays unpaid";
            return ToolOutput.Error($"Declined: {Reason(result)} Nothing was charged to the {Billing.CardLabel(card)}; {now}. " +
                "Use another card (card_id), or retry this card later with rerun_transaction.");
        }

        var view = invoice.Value is { } read ? (await billing.ViewAsync(cancellationToken)).Invoice(read, detailed: true) : null;
        var answer = Charged(result, card, view?.Total ?? amount, invoiceId);
        return ToolOutput.Json(view is null
            ? answer with { ReadBack = AfterWrite.Note(invoice, $"invoice {invoiceId}", Billing.CheckInvoice(invoiceId)) }
            : answer with { Invoice = view });
    }

    private static ChargedAnswer Charged(ChargeResult result, OntraportRecord card, string amount, long? invoiceId) =>
        new(amount, Billing.CardLabel(card), invoiceId, result.TransactionId, result.ExternalTransactionId, null, null);

    private static string Reason(ChargeResult result)
    {
        var reason = (result.Message ?? "no reason given").Trim();
        return reason.StartsWith("Declined:", StringComparison.OrdinalIgnoreCase) ? reason["Declined:".Length..].Trim() : reason;
    }
}
