using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Commerce;

/// <summary>One product line of an offer, priced.</summary>
internal sealed record OfferLine(Record Product, int Quantity, decimal UnitPrice, decimal Total, string Type, string Unit, int PaymentCount, bool Taxable)
{
    public string Name => Product["name"] ?? "";

    /// <summary>A subscription or payment plan bills again later: it opens an order.</summary>
    public bool Recurs => Type is "subscription" or "payment_plan";
}

/// <summary>An offer as the sandbox charges it: its lines and the totals it computed itself (the JSON's own totals are ignored).</summary>
internal sealed record PricedOffer(JsonObject Json, IReadOnlyList<OfferLine> Lines, decimal Subtotal, decimal Tax, decimal Shipping)
{
    public decimal Total => Subtotal + Tax + Shipping;
}

/// <summary>
/// Prices the offer JSON of <c>transaction/processManual</c> and <c>transaction/order</c> (ontraport-api.md §3.4) the way
/// <see cref="SandboxChoices"/> (Commerce) says: unit price from <c>price[0].price</c> (else the catalog price), whole
/// quantities ≥ 1, taxes at their rate on taxable lines (plus shipping when <c>taxShipping</c>), shipping summed when
/// <c>hasShipping</c>, every amount rounded to the cent half away from zero.
/// </summary>
internal static class OfferPricing
{
    public static PricedOffer Price(JsonObject offer, AccountStore store)
    {
        if (offer["products"] is not JsonArray { Count: > 0 } products)
        {
            throw ApiError.BadRequest(SandboxChoices.OfferWithoutProductsText);
        }

        var lines = new List<OfferLine>();
        foreach (var node in products)
        {
            lines.Add(Line(node as JsonObject ?? throw ApiError.BadRequest(SandboxChoices.OfferWithoutProductsText), store));
        }

        var subtotal = lines.Sum(l => l.Total);
        var shipping = JsonValues.Flag(offer["hasShipping"]) && offer["shipping"] is JsonArray methods
            ? methods.OfType<JsonObject>().Sum(m => NonNegative(m["price"], "shipping price"))
            : 0m;
        var taxable = lines.Where(l => l.Taxable).Sum(l => l.Total);
        var tax = 0m;
        if (JsonValues.Flag(offer["hasTaxes"]) && offer["taxes"] is JsonArray taxes)
        {
            foreach (var rate in taxes.OfType<JsonObject>())
            {
                var percent = NonNegative(rate["rate"], "tax rate");
                var onShipping = JsonValues.Flag(rate["taxShipping"] ?? rate["tax_shipping"]);
                tax += JsonValues.Cents(percent / 100m * (taxable + (onShipping ? shipping : 0m)));
            }
        }

        var json = (JsonObject)offer.DeepClone();
        json["subTotal"] = subtotal;
        json["grandTotal"] = subtotal + tax + JsonValues.Cents(shipping);
        return new PricedOffer(json, lines, subtotal, tax, JsonValues.Cents(shipping));
    }

    /// <summary>Prices stored offer JSON (an invoice's <c>offer_data</c>); null when it no longer prices (e.g. a product was deleted).</summary>
    public static PricedOffer? TryPrice(string? json, AccountStore store)
    {
        try
        {
            return string.IsNullOrWhiteSpace(json) || JsonNode.Parse(json) is not JsonObject offer ? null : Price(offer, store);
        }
        catch (Exception ex) when (ex is ApiError or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static OfferLine Line(JsonObject item, AccountStore store)
    {
        var id = JsonValues.Long(item["id"]) ?? throw ApiError.BadRequest(SandboxChoices.OfferWithoutProductsText);
        var product = store.Find(ObjectTypeIds.Product, id) ?? throw ApiError.BadRequest(SandboxChoices.UnknownProductText(id));
        var quantityValue = item["quantity"] is null ? 1m : JsonValues.Decimal(item["quantity"]) ?? -1m;
        if (quantityValue < 1 || quantityValue != decimal.Truncate(quantityValue) || quantityValue > int.MaxValue)
        {
            throw ApiError.BadRequest(SandboxChoices.BadQuantityText(id));
        }

        var price = (item["price"] as JsonArray)?.FirstOrDefault() as JsonObject;
        var unitPrice = price?["price"] is { } stated ? NonNegative(stated, "price") : product.Decimal("price") ?? 0m;
        var quantity = (int)quantityValue;
        var type = (JsonValues.Text(item["type"]) ?? "single").Trim().ToLowerInvariant();
        var unit = (JsonValues.Text(price?["unit"]) ?? "month").Trim().ToLowerInvariant();
        if (type is "subscription" or "payment_plan" && !SandboxChoices.BillingUnits.Contains(unit))
        {
            throw ApiError.BadRequest(SandboxChoices.BadUnitText(unit));
        }

        return new OfferLine(product, quantity, JsonValues.Cents(unitPrice), JsonValues.Cents(unitPrice * quantity), type, unit,
            (int)(JsonValues.Long(price?["payment_count"]) ?? 0),
            JsonValues.Flag(item["taxable"] ?? item["tax"]));
    }

    private static decimal NonNegative(JsonNode? node, string what) =>
        JsonValues.Decimal(node) is { } value && value >= 0
            ? value
            : throw ApiError.BadRequest(string.Create(CultureInfo.InvariantCulture, $"Bad Request: {what} must be a number of 0 or more."));
}
