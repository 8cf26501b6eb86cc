using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class PayInvoiceTool(Billing billing)
{
    [McpServerTool(Name = "pay_invoice", Title = "Pay invoice", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = true)]
    [Description("Charge an open, declined or in-collections invoice to a card on file. Moves money.")]
    [MoneyMoving]
    public async Task<CallToolResult> PayInvoice(
        long invoice_id,
        long? card_id = null,
        long? gateway_id = null,
        bool dry_run = false,
        bool allow_duplicate = false,
        CancellationToken cancellationToken = default)
    {
        var invoice = await billing.TransactionAsync(invoice_id, "invoice_id", cancellationToken);
        Billing.Require(invoice, "paid", TransactionRules.Unpaid, Billing.StatusOf(invoice) == TransactionStatus.Paid ? " It is already paid." : null);
        var contactId = invoice.GetLong("contact_id") ?? 0;
        var contact = await billing.ContactOfAsync(invoice, cancellationToken);
        var card = await billing.CardAsync(contact, card_id, cancellationToken);
        var usual = invoice.GetLong("gateway_id") is > 0 and var own ? own : await billing.Commerce.GatewayLastUsedAsync(new CreditCard(card), cancellationToken);
        var gateway = await billing.ChargeGatewayAsync(gateway_id, gateway_id is null ? usual : null, cancellationToken);
        var request = InvoiceMapping.PayInvoice(invoice.Id, card.Id, gateway.Id);
        var amount = Money.Format(invoice.GetDecimal("total") ?? 0m, await billing.Commerce.CurrencyAsync(gateway.Id, cancellationToken));
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new ChargeDryRun(amount, Billing.CardLabel(card), gateway["name"]));
        }

        var response = await billing.SendOnceAsync(request, Billing.HowToCheck("the charge went through", contactId, invoice.Id), cancellationToken);
        return await ChargeAnswer.FromAsync(billing, ChargeResult.Parse(response.Data), card, contactId, amount, cancellationToken);
    }
}
