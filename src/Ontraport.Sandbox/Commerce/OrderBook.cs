using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Commerce;

/// <summary>
/// Recurring orders: Orders (52) with their active twin in Open Orders (44), which shares the order's id. Opened by a
/// paid subscription line, changed by <c>PUT transaction/order</c>, cancelled by deleting the order.
/// </summary>
internal static class OrderBook
{
    public const string Active = "0";
    public const string Cancelled = "1";

    /// <summary>Opens the order a recurring line starts; returns its id.</summary>
    public static long Open(ApiContext context, Record invoice, OfferLine line, Record? card)
    {
        var orders = context.Store.Table(ObjectTypeIds.Order);
        var order = orders.Create();
        var offer = new JsonObject
        {
            ["products"] = new JsonArray(new JsonObject
            {
                ["id"] = line.Product.Id,
                ["name"] = line.Name,
                ["quantity"] = line.Quantity,
                ["type"] = line.Type,
                ["taxable"] = line.Taxable,
                ["price"] = new JsonArray(new JsonObject { ["price"] = line.UnitPrice, ["payment_count"] = line.PaymentCount, ["unit"] = line.Unit, ["id"] = 0 }),
            }),
            ["hasTaxes"] = false,
            ["hasShipping"] = false,
        };
        order["contact_id"] = invoice["contact_id"];
        order["offer_id"] = "0";
        order["affiliate"] = "0";
        order["cc_id"] = card?["id"] ?? "0";
        order["name"] = line.Name;
        order["payment_next_date"] = RecordDefaults.Unix(Next(context.Now, line.Unit));
        order["orig_month_date"] = context.UnixNow;
        order["unit"] = line.Unit;
        order["count"] = "1";
        order["gateway_id"] = invoice["gateway_id"];
        order["status"] = Active;
        order["hidden"] = "0";
        order["dlm"] = context.UnixNow;
        order["tax"] = "0.00";
        order["shipping"] = "0.00";
        order["next_charge"] = JsonValues.Money(line.Total);
        order["transactions"] = "1";
        order["transactions_remaining"] = (line.Type == "payment_plan" ? Math.Max(0, line.PaymentCount - 1) : 0).ToString(CultureInfo.InvariantCulture);
        order["charged"] = JsonValues.Money(line.Total);
        order["order_form_json"] = offer.ToJsonString();
        RecordDefaults.Apply(orders.Schema, order, context.UnixNow, context.Store.Seed);
        Mirror(context.Store, order);
        return order.Id;
    }

    /// <summary>Applies a new offer to an active order: price, quantity, billing unit, card and gateway.</summary>
    public static void Change(ApiContext context, Record order, PricedOffer offer, long? cardId, long? gatewayId)
    {
        var recurring = offer.Lines.FirstOrDefault(l => l.Recurs) ?? offer.Lines[0];
        order["order_form_json"] = offer.Json.ToJsonString();
        order["name"] = recurring.Name;
        order["unit"] = recurring.Unit;
        order["next_charge"] = JsonValues.Money(offer.Total);
        order["tax"] = JsonValues.Money(offer.Tax);
        order["shipping"] = JsonValues.Money(offer.Shipping);
        if (cardId is > 0)
        {
            order["cc_id"] = cardId.Value.ToString(CultureInfo.InvariantCulture);
        }

        if (gatewayId is > 0)
        {
            order["gateway_id"] = gatewayId.Value.ToString(CultureInfo.InvariantCulture);
        }

        order["dlm"] = context.UnixNow;
        Mirror(context.Store, order);
    }

    public static void Cancel(ApiContext context, Record order)
    {
        if (order["status"] == Cancelled)
        {
            return;
        }

        order["status"] = Cancelled;
        order["cancellation_date"] = context.UnixNow;
        order["payment_next_date"] = null;
        order["next_charge"] = "0.00";
        order["dlm"] = context.UnixNow;
        context.Store.Table(ObjectTypeIds.OpenOrder).Remove(order.Id);
    }

    /// <summary>The order's offer as <c>GET transaction/order</c> shows it: its stored form, else one line rebuilt from the row.</summary>
    public static JsonObject Offer(AccountStore store, Record order)
    {
        if (order["order_form_json"] is { Length: > 0 } json && JsonNode.Parse(json) is JsonObject stored)
        {
            return stored;
        }

        var product = store.Table(ObjectTypeIds.Product).Rows.FirstOrDefault(p => string.Equals(p["name"], order["name"], StringComparison.OrdinalIgnoreCase));
        var price = order.Decimal("next_charge") ?? product?.Decimal("price") ?? 0m;
        return new JsonObject
        {
            ["products"] = new JsonArray(new JsonObject
            {
                ["id"] = product?.Id ?? 0,
                ["name"] = order["name"],
                ["quantity"] = 1,
                ["type"] = "subscription",
                ["taxable"] = false,
                ["price"] = new JsonArray(new JsonObject { ["price"] = price, ["payment_count"] = 0, ["unit"] = order["unit"] ?? "month", ["id"] = 0 }),
            }),
            ["hasTaxes"] = false,
            ["hasShipping"] = false,
        };
    }

    private static DateTimeOffset Next(DateTimeOffset from, string unit) => unit switch
    {
        "day" => from.AddDays(1),
        "week" => from.AddDays(7),
        "quarter" => from.AddMonths(3),
        "year" => from.AddYears(1),
        _ => from.AddMonths(1),
    };

    /// <summary>Keeps the Open Orders (44) twin equal to an active order.</summary>
    private static void Mirror(AccountStore store, Record order)
    {
        var open = store.Table(ObjectTypeIds.OpenOrder);
        var twin = open.Find(order.Id) ?? open.Create(order.Id);
        foreach (var (column, value) in order.Values.Where(v => v.Key != "id" && open.Schema.HasField(v.Key)))
        {
            twin[column] = value;
        }
    }
}
