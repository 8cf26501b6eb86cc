using System.ComponentModel;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class ProcessTransactionTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "process_transaction", Title = "Charge a card on file", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = true)]
    [Description("Charge a contact's card on file now for products or an offer, creating a paid (or declined) invoice. State total to " +
        "have it checked. Never retried; an identical call within 10 minutes is refused unless allow_duplicate. Use dry_run to see the " +
        "exact processManual payload. For payments made elsewhere use log_offline_purchase.")]
    [MoneyMoving]
    public async Task<CallToolResult> ProcessTransaction(
        [Description("The contact charged: id, email or name.")] string contact,
        [Description("What is sold: [{product_id, quantity, price}] (price defaults to the catalog price). Or give offer_id.")] ProductLine[]? products = null,
        [Description("An offer (id or name) charged as configured, with its taxes, shipping and subscriptions.")] string? offer_id = null,
        [Description("The total you expect to charge; refused when the items do not add up to it.")] decimal? total = null,
        [Description("The card to charge (one of the contact's cards); default their default card.")] long? card_id = null,
        [Description("The gateway to charge through; default the one the card was last charged through.")] long? gateway_id = null,
        [Description("Validate and return the exact request without charging.")] bool dry_run = false,
        [Description("Charge even if an identical call reached Ontraport in the last 10 minutes.")] bool allow_duplicate = false,
        CancellationToken cancellationToken = default)
    {
        var input = OfferInput.Check(products, offer_id, total);
        var billing = new Billing(session, lookup);
        var person = await lookup.ContactAsync(contact, cancellationToken);
        var card = await billing.CardAsync(person, card_id, cancellationToken);
        var gateway = await billing.ChargeGatewayAsync(gateway_id, gateway_id is null ? await billing.GatewayLastUsedAsync(card, cancellationToken) : null, cancellationToken);
        var currency = await billing.CurrencyAsync(gateway.Id, cancellationToken);
        var offer = await input.BuildAsync(billing, currency, cancellationToken);
        var request = TransactionRequests.Charge(person.Id, offer.ToJson(), gateway.Id, card.Id);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new JsonObject
            {
                ["would_charge"] = Money.Format(offer.Totals().Total, currency),
                ["card"] = Billing.CardLabel(card),
                ["gateway"] = gateway["name"],
            });
        }

        var response = await billing.SendOnceAsync(request, Billing.HowToCheck("the charge went through", person.Id), cancellationToken);
        return await ChargeAnswer.FromAsync(billing, ChargeResult.Parse(response.Data), card, person.Id, Money.Format(offer.Totals().Total, currency), cancellationToken);
    }
}
