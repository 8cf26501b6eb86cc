using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class ProcessTransactionTool(RecordLookup lookup, Billing billing)
{
    [McpServerTool(Name = "process_transaction", Title = "Charge card on file", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = true)]
    [Description("Charge a card on file now for products or an offer. Moves money. Paid elsewhere: log_offline_purchase.")]
    [MoneyMoving]
    public async Task<CallToolResult> ProcessTransaction(
        string contact,
        ProductLine[]? products = null,
        string? offer_id = null,
        [Range(0, double.MaxValue)] decimal? total = null,
        long? card_id = null,
        long? gateway_id = null,
        bool dry_run = false,
        bool allow_duplicate = false,
        CancellationToken cancellationToken = default)
    {
        var input = OfferInput.Check(products, offer_id, total);
        var person = await lookup.ContactAsync(contact, cancellationToken);
        var card = await billing.CardAsync(person, card_id, cancellationToken);
        var gateway = await billing.ChargeGatewayAsync(gateway_id, gateway_id is null ? await billing.Commerce.GatewayLastUsedAsync(new CreditCard(card), cancellationToken) : null, cancellationToken);
        var currency = await billing.Commerce.CurrencyAsync(gateway.Id, cancellationToken);
        var offer = await input.BuildAsync(billing, currency, cancellationToken);
        var request = TransactionRequests.Charge(person.Id, offer.ToJson(), gateway.Id, card.Id);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new ChargeDryRun(Money.Format(offer.Totals().Total, currency), Billing.CardLabel(card), gateway["name"]));
        }

        var response = await billing.SendOnceAsync(request, Billing.HowToCheck("the charge went through", person.Id), cancellationToken);
        return await ChargeAnswer.FromAsync(billing, ChargeResult.Parse(response.Data), card, person.Id, Money.Format(offer.Totals().Total, currency), cancellationToken);
    }
}
