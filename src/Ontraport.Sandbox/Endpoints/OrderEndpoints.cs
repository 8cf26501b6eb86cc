using Ontraport.Sandbox.Commerce;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Routing;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Endpoints;

/// <summary><c>GET</c> and <c>PUT transaction/order</c> (ontraport-api.md §3.4): a recurring order's offer, read and changed.</summary>
internal static class OrderEndpoints
{
    public static void Map(RouteTable routes) => routes
        .Map("GET", "transaction/order", Get)
        .Map("PUT", "transaction/order", Update);

    private static ApiResult Get(ApiContext context)
    {
        var order = context.RequiredRecord(context.Store.Catalog.Get(ObjectTypeIds.Order));
        var offer = OrderBook.Offer(context.Store, order);
        var priced = OfferPricing.TryPrice(offer.ToJsonString(), context.Store);
        offer["subTotal"] = JsonValues.Money(priced?.Subtotal ?? 0m);
        offer["grandTotal"] = JsonValues.Money(priced?.Total ?? 0m);
        offer["invoice_template"] = "1";
        offer["cc_id"] = order["cc_id"];
        offer["send_recurring_invoice"] = "0";
        offer["offer_id"] = order.Long("offer_id") ?? 0;
        offer["order_id"] = order["id"];
        offer["payment_next_date"] = order["payment_next_date"] ?? "0";
        offer["status"] = order["status"];
        offer["gateway_id"] = order["gateway_id"];
        offer["affiliate_id"] = "0";
        return ApiResult.Data(offer);
    }

    private static ApiResult Update(ApiContext context)
    {
        var offerJson = JsonValues.ObjectParameter(context, "offer") ?? throw ApiError.BadRequest(SandboxChoices.MissingParameterText("offer"));
        var type = context.Store.Catalog.Get(ObjectTypeIds.Order);
        var orderId = JsonValues.Long(offerJson["order_id"]) ?? throw ApiError.BadRequest(SandboxChoices.MissingParameterText("offer.order_id"));
        var order = context.Store.Table(type).Find(orderId) ?? throw ApiError.NotFound(SandboxChoices.RecordNotFoundText(type, orderId));
        if (order["status"] != OrderBook.Active)
        {
            throw ApiError.BadRequest(SandboxChoices.InactiveOrderText(orderId));
        }

        if (context.Parameters.Long("contact_id") is { } contactId && contactId != order.Long("contact_id"))
        {
            throw ApiError.BadRequest(SandboxChoices.ForeignOrderText(orderId, contactId));
        }

        var gatewayId = context.Parameters.Long("gateway_id") is > 0 and var requested ? TestGateway.ActiveGateway(context, requested).Id : (long?)null;
        var cardId = context.Parameters.Long("cc_id") ?? JsonValues.Long(offerJson["cc_id"]);
        if (cardId is > 0)
        {
            var card = context.Store.Find(ObjectTypeIds.CreditCard, cardId.Value) ?? throw ApiError.BadRequest(SandboxChoices.UnknownCardText(cardId.Value));
            if (card.Long("contact_id") != order.Long("contact_id"))
            {
                throw ApiError.BadRequest(SandboxChoices.ForeignCardText(cardId.Value, order.Long("contact_id") ?? 0));
            }
        }

        foreach (var key in new[] { "order_id", "offer_id", "cc_id", "payment_next_date", "status", "gateway_id", "affiliate_id", "subTotal", "grandTotal" })
        {
            offerJson.Remove(key);
        }

        OrderBook.Change(context, order, OfferPricing.Price(offerJson, context.Store), cardId, gatewayId);
        return ApiResult.Data(RecordJson.Full(order));
    }
}
