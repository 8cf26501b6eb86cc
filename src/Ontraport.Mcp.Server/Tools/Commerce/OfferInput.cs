using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Transactions;

namespace Ontraport.Mcp.Server.Tools.Commerce;

/// <summary>
/// What a charge, purchase or invoice is for: <c>products</c> lines or an <c>offer_id</c>, and the <c>total</c> the
/// caller expects. <see cref="Check"/> validates the shape without any request; <see cref="BuildAsync"/> then reads the
/// catalog (or the offer), prices it and refuses a total that does not match.
/// </summary>
public sealed class OfferInput
{
    private readonly IReadOnlyList<(long ProductId, int Quantity, decimal? Price)> _lines;
    private readonly string? _offer;
    private readonly decimal? _total;

    private OfferInput(IReadOnlyList<(long, int, decimal?)> lines, string? offer, decimal? total)
    {
        _lines = lines;
        _offer = offer;
        _total = total;
    }

    /// <summary>The largest number of lines one call may carry.</summary>
    public const int MaxLines = 50;

    public static OfferInput Check(ProductLine[]? products, string? offerId, decimal? total, bool allowOffer = true)
    {
        var stated = total is { } t ? Money.Positive(t, "total") : (decimal?)null;
        var hasProducts = products is { Length: > 0 };
        var hasOffer = allowOffer && !string.IsNullOrWhiteSpace(offerId);
        if (hasProducts == hasOffer)
        {
            throw new ToolInputException(hasProducts
                ? "Give products or offer_id, not both."
                : allowOffer
                    ? "Say what is sold: products ([{\"product_id\": 3, \"quantity\": 1, \"price\": 500}]) or offer_id (an offer id or name)."
                    : "products is required: [{\"product_id\": 3, \"quantity\": 1, \"price\": 500}] (find product ids with get_objects on products).");
        }

        if (hasOffer)
        {
            return new OfferInput([], offerId!.Trim(), stated);
        }

        if (products!.Length > MaxLines)
        {
            throw new ToolInputException($"products has {products.Length} lines; at most {MaxLines} fit one invoice.");
        }

        var lines = new List<(long, int, decimal?)>();
        for (var i = 0; i < products.Length; i++)
        {
            var line = products[i];
            if (line is null || line.ProductId <= 0)
            {
                throw new ToolInputException($"products[{i}].product_id must be a product id (find it with get_objects on products).");
            }

            lines.Add((line.ProductId, Money.Quantity(line.Quantity, $"products[{i}].quantity"), line.Price is { } price ? Money.Positive(price, $"products[{i}].price") : null));
        }

        var input = new OfferInput(lines, null, stated);
        if (stated is not null && lines.All(l => l.Item3 is not null))
        {
            input.EnsureTotal(new Offer([.. lines.Select(l => new OfferLine(l.Item1, null, l.Item2, l.Item3!.Value))]), currency: null);
        }

        return input;
    }

    /// <summary>Prices the lines from the catalog (or reads the offer) and checks the stated total.</summary>
    public async Task<Offer> BuildAsync(Billing billing, string currency, CancellationToken cancellationToken)
    {
        Offer offer;
        if (_offer is not null)
        {
            var record = await billing.Lookup.ByIdOrNameAsync(ObjectTypeRegistry.Find(ObjectTypeIds.Offer)!, _offer, ["name"], "offer_id", cancellationToken);
            offer = Read(record["data"], $"Offer {record.Id} '{record["name"]}'");
        }
        else
        {
            var catalog = await billing.Commerce.ByIdsAsync(ObjectTypeIds.Product, _lines.Select(l => l.ProductId), ["name", "price", "deleted"], cancellationToken);
            var missing = _lines.Select(l => l.ProductId).Where(id => !catalog.ContainsKey(id) || catalog[id]["deleted"] is "1" or "true").Distinct().ToList();
            if (missing.Count > 0)
            {
                throw new ToolInputException($"products: no product with id {string.Join(", ", missing)}. Find product ids with get_objects on products.");
            }

            offer = new Offer([.. _lines.Select(l =>
            {
                var product = catalog[l.ProductId];
                var price = l.Price ?? (product.GetDecimal("price") is { } listed && listed > 0
                    ? listed
                    : throw new ToolInputException($"Product {l.ProductId} '{product["name"]}' has no catalog price; give its price."));
                return new OfferLine(l.ProductId, product["name"], l.Quantity, price);
            })]);
        }

        EnsureTotal(offer, currency);
        return offer;
    }

    private void EnsureTotal(Offer offer, string? currency)
    {
        var totals = offer.Totals();
        if (_total is not { } stated || stated == totals.Total)
        {
            return;
        }

        string Amount(decimal value) => currency is null ? value.ToString("0.00", CultureInfo.InvariantCulture) : Money.Format(value, currency);
        var lines = string.Join(" + ", offer.Lines.Select(l => $"{l.Quantity} × {l.Name ?? $"product {l.ProductId}"} at {Amount(l.UnitPrice)}"));
        var extras = totals.Tax + totals.Shipping > 0 ? $" + tax {Amount(totals.Tax)} + shipping {Amount(totals.Shipping)}" : "";
        throw new ToolInputException($"The items add up to {Amount(totals.Total)} ({lines}{extras}) but total is {Amount(stated)}. " +
            "Give each line's price (e.g. \"price\": " + stated.ToString("0.##", CultureInfo.InvariantCulture) + " for a single item) or correct total. Nothing was sent.");
    }

    /// <summary>An offer record's <c>data</c> as an offer; an offer that does not read is refused (validate_offer says why).</summary>
    public static Offer Read(string? data, string what)
    {
        JsonObject? json;
        try
        {
            json = string.IsNullOrWhiteSpace(data) ? null : JsonNode.Parse(data) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        var offer = json is null ? null : Offer.Parse(json);
        return offer is { Problems.Count: 0, Lines.Count: > 0 }
            ? offer
            : throw new ToolInputException($"{what} is not usable as set up ({(offer is null ? "its data is not offer JSON" : string.Join("; ", offer.Problems))}). Check it with validate_offer.");
    }
}
