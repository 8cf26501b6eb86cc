using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Ontraport.Client.Objects;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

/// <summary>What a charge tool answers: the charge and the invoice as it now stands, or a decline as an error result.</summary>
public static class ChargeAnswer
{
    public static async Task<CallToolResult> FromAsync(Billing billing, ChargeResult result, OntraportRecord card, long contactId, CancellationToken cancellationToken)
    {
        var invoiceId = result.InvoiceId
            ?? throw new ToolInputException($"Ontraport answered the charge without an invoice id ({result.Message}). {Billing.HowToCheck("it went through", contactId)}");
        var invoice = await billing.TransactionAsync(invoiceId, "invoice", cancellationToken);
        if (!result.Approved)
        {
            var reason = (result.Message ?? "no reason given").Trim();
            reason = reason.StartsWith("Declined:", StringComparison.OrdinalIgnoreCase) ? reason["Declined:".Length..].Trim() : reason;
            return ToolOutput.Error($"Declined: {reason} Nothing was charged to the {Billing.CardLabel(card)}; invoice {invoiceId} is now " +
                $"{InvoiceMapping.Word(Billing.StatusOf(invoice))}. Use another card (card_id), or retry this card later with rerun_transaction.");
        }

        var view = (await billing.ViewAsync(cancellationToken)).Invoice(invoice, detailed: true);
        var answer = new JsonObject
        {
            ["charged"] = view["total"]?.DeepClone(),
            ["card"] = Billing.CardLabel(card),
        };
        if (result.TransactionId is { } transaction)
        {
            answer["transaction_id"] = transaction;
        }

        if (result.ExternalTransactionId is { } external)
        {
            answer["external_txn"] = external;
        }

        answer["invoice"] = view;
        return ToolOutput.Json(answer);
    }
}
