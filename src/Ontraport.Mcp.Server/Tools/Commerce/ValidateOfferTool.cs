using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class ValidateOfferTool(ToolSession session, RecordLookup lookup, Billing billing)
{
    private const int Taxes = ObjectTypeIds.Tax;
    private const int ShippingMethods = ObjectTypeIds.ShippingMethod;
    private static readonly string[] Types = ["single", "one_time", "onetime", "digital", "subscription", "payment_plan"];
    private static readonly string[] Units = ["day", "week", "month", "quarter", "year"];

    [McpServerTool(Name = "validate_offer", Title = "Check offer", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Check an offer: products exist, prices, taxes and totals add up. Changes nothing.")]
    public async Task<CallToolResult> ValidateOffer(
        string offer_id,
        CancellationToken cancellationToken = default)
    {
        var record = await lookup.ByIdOrNameAsync(ObjectTypeRegistry.Find(ObjectTypeIds.Offer)!, offer_id, ["name"], "offer_id", cancellationToken);
        var problems = new List<string>();
        var warnings = new List<string>();
        var offer = Parse(record["data"], problems);
        var offerRef = new OfferRef(record.Id, record["name"]);
        if (offer is null)
        {
            return ToolOutput.Json(new OfferCheckAnswer(offerRef, false, problems));
        }

        problems.AddRange(offer.Problems);
        var productsTask = billing.Commerce.ByIdsAsync(ObjectTypeIds.Product, offer.Lines.Select(l => l.ProductId), ["name", "price", "taxable", "deleted"], cancellationToken);
        var taxesTask = session.Client.Objects.ListAsync(Taxes, new ListOptions { Range = ListOptions.MaxRange }, cancellationToken);
        var shippingTask = session.Client.Objects.ListAsync(ShippingMethods, new ListOptions { Range = ListOptions.MaxRange }, cancellationToken);
        var currencyTask = billing.Commerce.CurrencyAsync(null, cancellationToken);
        await Task.WhenAll(productsTask, taxesTask, shippingTask, currencyTask);
        var currency = currencyTask.Result;
        string Amount(decimal value) => Money.Format(value, currency);

        foreach (var line in offer.Lines)
        {
            CheckLine(line, productsTask.Result.GetValueOrDefault(line.ProductId), problems, warnings, Amount);
        }

        CheckTaxes(offer, taxesTask.Result, problems, warnings);
        CheckShipping(offer, shippingTask.Result, problems, warnings, Amount);
        var totals = offer.Totals();
        if (offer.StatedSubtotal is { } subtotal && subtotal != totals.Subtotal)
        {
            problems.Add($"subTotal says {Amount(subtotal)} but the lines add up to {Amount(totals.Subtotal)}");
        }

        if (offer.StatedTotal is { } grand && grand != totals.Total)
        {
            problems.Add($"grandTotal says {Amount(grand)} but it computes to {Amount(totals.Total)}");
        }

        if (offer.Lines.Count > 0 && totals.Total <= 0)
        {
            problems.Add("the offer costs nothing");
        }

        return ToolOutput.Json(new OfferCheckAnswer(offerRef, problems.Count == 0, problems, warnings,
            [.. offer.Lines.Select(l => new OfferLineCheck(l.ProductId, productsTask.Result.GetValueOrDefault(l.ProductId)?["name"] ?? l.Name, l.Quantity,
                Amount(l.UnitPrice), l.Type, l.Recurs ? l.Unit : null))],
            new OfferTotalsView(Amount(totals.Subtotal), Amount(totals.Tax), Amount(totals.Shipping), Amount(totals.Total))));
    }

    private static Offer? Parse(string? data, List<string> problems)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(data) && JsonNode.Parse(data) is JsonObject json)
            {
                return Offer.Parse(json);
            }
        }
        catch (JsonException)
        {
            // reported below
        }

        problems.Add("its data is not offer JSON, so nothing can be sold with it");
        return null;
    }

    private static void CheckLine(OfferLine line, OntraportRecord? product, List<string> problems, List<string> warnings, Func<decimal, string> amount)
    {
        var label = $"product {line.ProductId}" + (line.Name is null ? "" : $" '{line.Name}'");
        if (product is null || product["deleted"] is "1" or "true")
        {
            problems.Add($"{label} does not exist in the product catalog");
            return;
        }

        if (line.Name is not null && !string.Equals(line.Name, product["name"], StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add($"{label} is named '{product["name"]}' in the catalog");
        }

        var catalogPrice = product.GetDecimal("price") ?? 0m;
        if (line.UnitPrice == 0)
        {
            warnings.Add($"{label} is free in this offer");
        }
        else if (line.UnitPrice != catalogPrice)
        {
            warnings.Add($"{label} costs {amount(line.UnitPrice)} here but {amount(catalogPrice)} in the catalog");
        }

        if (!Types.Contains(line.Type))
        {
            problems.Add($"{label} has type '{line.Type}', not one of {string.Join(", ", Types)}");
        }

        if (line.Recurs && !Units.Contains(line.Unit))
        {
            problems.Add($"{label} is a {line.Type} without a billing unit (day, week, month, quarter or year)");
        }

        if (line.Type == "payment_plan" && line.PaymentCount < 2)
        {
            problems.Add($"{label} is a payment plan of {line.PaymentCount} payment(s); a plan needs 2 or more");
        }

        if (line.Taxable != (product["taxable"] is "1" or "true"))
        {
            warnings.Add($"{label} is {(line.Taxable ? "" : "not ")}taxed here but {(line.Taxable ? "not " : "")}taxable in the catalog");
        }
    }

    private static void CheckTaxes(Offer offer, IReadOnlyList<OntraportRecord> taxes, List<string> problems, List<string> warnings)
    {
        if (offer.HasTaxes && offer.Taxes.Count == 0)
        {
            problems.Add("hasTaxes is on but no tax is listed");
        }

        if (!offer.HasTaxes && offer.Taxes.Count > 0)
        {
            warnings.Add($"{offer.Taxes.Count} tax(es) listed but hasTaxes is off, so no tax is charged");
        }

        if (offer.HasTaxes && offer.Taxes.Count > 0 && !offer.Lines.Any(l => l.Taxable))
        {
            warnings.Add("taxes are on but no product line is taxable, so no tax is charged");
        }

        foreach (var tax in offer.Taxes)
        {
            var known = taxes.FirstOrDefault(t => t.Id == tax.Id);
            if (known is null)
            {
                problems.Add($"tax {tax.Id} '{tax.Name}' does not exist in the account's taxes");
            }
            else if (known.GetDecimal("rate") is { } rate && rate != tax.Rate)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"tax '{known["name"]}' is {tax.Rate:0.###}% in the offer but {rate:0.###}% in the account"));
            }
        }
    }

    private static void CheckShipping(Offer offer, IReadOnlyList<OntraportRecord> methods, List<string> problems, List<string> warnings, Func<decimal, string> amount)
    {
        if (offer.HasShipping && offer.Shipping.Count == 0)
        {
            problems.Add("hasShipping is on but no shipping method is listed");
        }

        if (!offer.HasShipping && offer.Shipping.Count > 0)
        {
            warnings.Add($"{offer.Shipping.Count} shipping method(s) listed but hasShipping is off, so no shipping is charged");
        }

        foreach (var method in offer.Shipping)
        {
            var known = methods.FirstOrDefault(m => m.Id == method.Id);
            if (known is null)
            {
                problems.Add($"shipping method {method.Id} '{method.Name}' does not exist in the account");
            }
            else if (known.GetDecimal("price") is { } price && price != method.Price)
            {
                problems.Add($"shipping '{known["name"]}' costs {amount(method.Price)} in the offer but {amount(price)} in the account");
            }
        }
    }
}
