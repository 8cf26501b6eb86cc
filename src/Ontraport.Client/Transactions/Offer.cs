using System.Globalization;
using System.Text.Json.Nodes;

namespace Ontraport.Client.Transactions;

/// <summary>One product line of an offer: its unit price is <c>price[0].price</c> (API reference §3.4).</summary>
public sealed record OfferLine(long ProductId, string? Name, int Quantity, decimal UnitPrice)
{
    /// <summary><c>single</c>, <c>one_time</c>, <c>subscription</c>, <c>payment_plan</c>, …</summary>
    public string Type { get; init; } = "single";

    /// <summary>Billing unit of a subscription or payment plan: day, week, month, quarter or year.</summary>
    public string Unit { get; init; } = "month";

    public int PaymentCount { get; init; } = 1;

    public bool Taxable { get; init; }

    public decimal Total => Offer.Cents(UnitPrice * Quantity);

    public bool Recurs => Type is "subscription" or "payment_plan";
}

/// <summary>A tax of an offer: its rate in percent, applied to taxable lines (and shipping when <see cref="TaxShipping"/>).</summary>
public sealed record OfferTax(long Id, string? Name, decimal Rate, bool TaxShipping);

/// <summary>A shipping method of an offer.</summary>
public sealed record OfferShipping(long Id, string? Name, decimal Price);

/// <summary>What an offer costs.</summary>
public sealed record OfferTotals(decimal Subtotal, decimal Tax, decimal Shipping)
{
    public decimal Total => Subtotal + Tax + Shipping;
}

/// <summary>
/// The offer JSON of <c>transaction/processManual</c>, <c>transaction/order</c> and Offers (65) <c>data</c> (API reference
/// §3.4, §3.5), read leniently and written the way the SDK documents it. Totals follow one rule, stated here: line =
/// unit price × quantity; each tax = rate % of the taxable lines (plus shipping when it taxes shipping) when
/// <c>hasTaxes</c>; shipping = the methods' prices when <c>hasShipping</c>; every amount rounded to the cent, half away
/// from zero. Ontraport documents no rule; this one is INFERRED and is the sandbox's too.
/// </summary>
public sealed class Offer
{
    private readonly JsonObject? _source;

    public Offer(IReadOnlyList<OfferLine> lines, IReadOnlyList<OfferTax>? taxes = null, IReadOnlyList<OfferShipping>? shipping = null)
        : this(lines, taxes ?? [], shipping ?? [], (taxes?.Count ?? 0) > 0, (shipping?.Count ?? 0) > 0, null, null, [], null)
    {
    }

    private Offer(
        IReadOnlyList<OfferLine> lines, IReadOnlyList<OfferTax> taxes, IReadOnlyList<OfferShipping> shipping, bool hasTaxes, bool hasShipping,
        decimal? statedSubtotal, decimal? statedTotal, IReadOnlyList<string> problems, JsonObject? source)
    {
        Lines = lines;
        Taxes = taxes;
        Shipping = shipping;
        HasTaxes = hasTaxes;
        HasShipping = hasShipping;
        StatedSubtotal = statedSubtotal;
        StatedTotal = statedTotal;
        Problems = problems;
        _source = source;
    }

    public IReadOnlyList<OfferLine> Lines { get; }

    public IReadOnlyList<OfferTax> Taxes { get; }

    public IReadOnlyList<OfferShipping> Shipping { get; }

    public bool HasTaxes { get; }

    public bool HasShipping { get; }

    /// <summary>The <c>subTotal</c> the JSON states, if any.</summary>
    public decimal? StatedSubtotal { get; }

    /// <summary>The <c>grandTotal</c> the JSON states, if any.</summary>
    public decimal? StatedTotal { get; }

    /// <summary>What could not be read as written (a line without product id, a quantity that is not whole…).</summary>
    public IReadOnlyList<string> Problems { get; }

    public static decimal Cents(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    public OfferTotals Totals()
    {
        var subtotal = Lines.Sum(l => l.Total);
        var shipping = HasShipping ? Cents(Shipping.Sum(s => s.Price)) : 0m;
        var taxable = Lines.Where(l => l.Taxable).Sum(l => l.Total);
        var tax = HasTaxes ? Taxes.Sum(t => Cents(t.Rate / 100m * (taxable + (t.TaxShipping ? shipping : 0m)))) : 0m;
        return new OfferTotals(subtotal, tax, shipping);
    }

    /// <summary>Reads offer JSON; what does not read is listed in <see cref="Problems"/> instead of thrown.</summary>
    public static Offer Parse(JsonObject json)
    {
        var problems = new List<string>();
        var lines = new List<OfferLine>();
        var products = json["products"] as JsonArray;
        if (products is null || products.Count == 0)
        {
            problems.Add("the offer lists no products");
        }

        foreach (var (node, index) in (products ?? []).Select((n, i) => (n as JsonObject, i + 1)))
        {
            if (node is null || JsonText.AsLong(node["id"]) is not { } id)
            {
                problems.Add($"product line {index} has no product id");
                continue;
            }

            var price = (node["price"] as JsonArray)?.FirstOrDefault() as JsonObject;
            var quantity = node["quantity"] is null ? 1m : JsonText.AsDecimal(node["quantity"]) ?? -1m;
            if (quantity < 1 || quantity != decimal.Truncate(quantity) || quantity > int.MaxValue)
            {
                problems.Add($"product {id}: quantity '{JsonText.AsString(node["quantity"])}' is not a whole number of 1 or more");
                quantity = 1;
            }

            var unitPrice = JsonText.AsDecimal(price?["price"]) ?? JsonText.AsDecimal(node["price"]);
            if (unitPrice is null or < 0)
            {
                problems.Add($"product {id}: no price of 0 or more in price[0].price");
            }

            lines.Add(new OfferLine(id, JsonText.AsString(node["name"]), (int)quantity, Cents(unitPrice ?? 0m))
            {
                Type = (JsonText.AsString(node["type"]) ?? "single").Trim().ToLowerInvariant(),
                Unit = (JsonText.AsString(price?["unit"]) ?? "month").Trim().ToLowerInvariant(),
                PaymentCount = (int)(JsonText.AsLong(price?["payment_count"]) ?? 1),
                Taxable = JsonText.AsFlag(node["taxable"] ?? node["tax"]),
            });
        }

        var taxes = (json["taxes"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(t => new OfferTax(JsonText.AsLong(t["id"]) ?? 0, JsonText.AsString(t["name"]), JsonText.AsDecimal(t["rate"]) ?? 0m, JsonText.AsFlag(t["taxShipping"] ?? t["tax_shipping"])))
            .ToList();
        var shipping = (json["shipping"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(s => new OfferShipping(JsonText.AsLong(s["id"]) ?? 0, JsonText.AsString(s["name"]), JsonText.AsDecimal(s["price"]) ?? 0m))
            .ToList();
        return new Offer(lines, taxes, shipping, JsonText.AsFlag(json["hasTaxes"]), JsonText.AsFlag(json["hasShipping"]),
            JsonText.AsDecimal(json["subTotal"]), JsonText.AsDecimal(json["grandTotal"]), problems, json);
    }

    /// <summary>The offer JSON to send: the SDK's documented shape, with this offer's lines, taxes, shipping and totals.</summary>
    public JsonObject ToJson()
    {
        var totals = Totals();
        var json = (JsonObject?)_source?.DeepClone() ?? [];
        json["products"] = new JsonArray([.. Lines.Select((l, i) => (JsonNode)Product(l, i))]);
        json["taxes"] = new JsonArray([.. Taxes.Select(t => (JsonNode)new JsonObject { ["id"] = t.Id, ["rate"] = t.Rate, ["name"] = t.Name, ["taxShipping"] = t.TaxShipping })]);
        json["shipping"] = new JsonArray([.. Shipping.Select(s => (JsonNode)new JsonObject { ["id"] = s.Id, ["name"] = s.Name, ["price"] = s.Price })]);
        json["hasTaxes"] = HasTaxes;
        json["hasShipping"] = HasShipping;
        json["subTotal"] = totals.Subtotal;
        json["grandTotal"] = totals.Total;
        return json;
    }

    /// <summary>This offer with its lines replaced (taxes, shipping and any other settings kept).</summary>
    public Offer WithLines(IReadOnlyList<OfferLine> lines) =>
        new(lines, Taxes, Shipping, HasTaxes, HasShipping, null, null, [], _source);

    /// <summary>
    /// A product line as JSON. When the offer was read from JSON and has a line for the same product at the same place,
    /// that line is kept (Ontraport's own keys such as <c>uid</c> survive) and only quantity, total and price change.
    /// </summary>
    private JsonObject Product(OfferLine line, int index)
    {
        var product = _source?["products"] is JsonArray sourceProducts && index < sourceProducts.Count &&
            sourceProducts[index] is JsonObject original && JsonText.AsLong(original["id"]) == line.ProductId
            ? (JsonObject)original.DeepClone()
            : new JsonObject { ["id"] = line.ProductId, ["shipping"] = false, ["tax"] = line.Taxable, ["taxable"] = line.Taxable, ["type"] = line.Type };
        product["quantity"] = line.Quantity;
        product["total"] = line.Total;
        var price = (product["price"] as JsonArray)?.FirstOrDefault() as JsonObject ?? new JsonObject { ["id"] = 0 };
        price["price"] = line.UnitPrice;
        price["payment_count"] = line.PaymentCount;
        price["unit"] = line.Unit;
        product["price"] = new JsonArray([price.DeepClone(), .. ((product["price"] as JsonArray) ?? []).Skip(1).Select(p => p?.DeepClone())]);
        if (line.Name is not null)
        {
            product["name"] = line.Name;
        }

        return product;
    }

    public override string ToString() => string.Join(", ", Lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Quantity} × {l.Name ?? l.ProductId.ToString(CultureInfo.InvariantCulture)}")));
}
