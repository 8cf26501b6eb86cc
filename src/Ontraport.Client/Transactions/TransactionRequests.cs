using System.Text.Json.Nodes;
using Ontraport.Client.Http;

namespace Ontraport.Client.Transactions;

/// <summary>
/// The route table of the documented <c>transaction/*</c> endpoints (API reference §3.4): method, path, encoding and
/// effect of each. Anything that can charge, refund or create a record is <see cref="RequestEffect.NonIdempotentWrite"/>:
/// sent exactly once, never retried. The undocumented 2025 endpoints are in <see cref="InvoiceMapping"/>.
/// </summary>
public static class TransactionRequests
{
    public const int Transactions = ObjectTypes.ObjectTypeIds.Transaction;
    public const int Orders = ObjectTypes.ObjectTypeIds.Order;

    /// <summary>
    /// <c>POST transaction/processManual</c> with <c>chargeNow</c>: charges the card <paramref name="cardId"/> through
    /// <paramref name="gatewayId"/> for <paramref name="offer"/>, creating a transaction. Moves money: never retried.
    /// </summary>
    public static OntraportRequest Charge(long contactId, JsonObject offer, long gatewayId, long cardId) => new()
    {
        Method = HttpMethod.Post,
        Path = "transaction/processManual",
        Effect = RequestEffect.NonIdempotentWrite,
        Encoding = BodyEncoding.Json,
        Json = new JsonObject
        {
            ["contact_id"] = contactId,
            ["chargeNow"] = "chargeNow",
            ["invoice_template"] = 1,
            ["gateway_id"] = gatewayId,
            ["cc_id"] = cardId,
            ["offer"] = offer.DeepClone(),
        },
        SensitiveBodyPaths = ["payer.ccnumber", "payer.code"],
    };

    /// <summary>
    /// <c>POST transaction/processManual</c> with <c>chargeLog</c>: records a purchase paid outside Ontraport (no gateway,
    /// no card). <c>trans_date</c> is in milliseconds (API reference §3.4). Creates a record: never retried.
    /// </summary>
    public static OntraportRequest LogPurchase(long contactId, JsonObject offer, DateTimeOffset? paidAt, string? externalOrderId)
    {
        var body = new JsonObject
        {
            ["contact_id"] = contactId,
            ["chargeNow"] = "chargeLog",
            ["invoice_template"] = 1,
            ["offer"] = offer.DeepClone(),
        };
        if (paidAt is { } date)
        {
            body["trans_date"] = date.ToUnixTimeMilliseconds();
        }

        if (!string.IsNullOrWhiteSpace(externalOrderId))
        {
            body["external_order_id"] = externalOrderId;
        }

        return new() { Method = HttpMethod.Post, Path = "transaction/processManual", Effect = RequestEffect.NonIdempotentWrite, Encoding = BodyEncoding.Json, Json = body };
    }

    /// <summary><c>PUT transaction/refund</c>, JSON: refunds what was paid. Moves money: never retried.</summary>
    public static OntraportRequest Refund(long transactionId) => Bulk(HttpMethod.Put, "transaction/refund", transactionId, RequestEffect.NonIdempotentWrite);

    /// <summary><c>PUT transaction/void</c>, JSON: cancels an unsettled charge; repeating it leaves the same state.</summary>
    public static OntraportRequest Void(long transactionId) => Bulk(HttpMethod.Put, "transaction/void", transactionId, RequestEffect.IdempotentWrite);

    /// <summary><c>PUT transaction/writeOff</c>, JSON.</summary>
    public static OntraportRequest WriteOff(long transactionId) => Bulk(HttpMethod.Put, "transaction/writeOff", transactionId, RequestEffect.IdempotentWrite);

    /// <summary><c>POST transaction/rerun</c>, JSON: charges the card again. Moves money: never retried.</summary>
    public static OntraportRequest Rerun(long transactionId) => Bulk(HttpMethod.Post, "transaction/rerun", transactionId, RequestEffect.NonIdempotentWrite);

    /// <summary><c>POST transaction/resendInvoice</c>, JSON: emails the invoice; a repeat would email it twice, so never retried.</summary>
    public static OntraportRequest ResendInvoice(long transactionId) => Bulk(HttpMethod.Post, "transaction/resendInvoice", transactionId, RequestEffect.NonIdempotentWrite);

    /// <summary><c>PUT transaction/convertToCollections</c>, form <c>id</c>.</summary>
    public static OntraportRequest ConvertToCollections(long transactionId) => ById("transaction/convertToCollections", transactionId);

    /// <summary><c>PUT transaction/convertToDecline</c>, form <c>id</c>.</summary>
    public static OntraportRequest ConvertToDecline(long transactionId) => ById("transaction/convertToDecline", transactionId);

    /// <summary><c>PUT transaction/markPaid</c>, form <c>id</c>: paid without a charge.</summary>
    public static OntraportRequest MarkPaid(long transactionId) => ById("transaction/markPaid", transactionId);

    /// <summary><c>GET transaction/order?id=</c>: a recurring order's offer and billing state.</summary>
    public static OntraportRequest GetOrder(long orderId) => new()
    {
        Method = HttpMethod.Get,
        Path = "transaction/order",
        Effect = RequestEffect.Read,
        Query = new RequestParameters().Add("id", orderId).Pairs,
    };

    /// <summary>
    /// <c>PUT transaction/order</c>, JSON <c>{objectID: 52, contact_id, gateway_id, offer}</c> (the SDK requires all three;
    /// the order is named by <c>offer.order_id</c>, as <c>GET transaction/order</c> returns it). Sets the order's state.
    /// </summary>
    public static OntraportRequest UpdateOrder(long contactId, long gatewayId, JsonObject offer) => new()
    {
        Method = HttpMethod.Put,
        Path = "transaction/order",
        Effect = RequestEffect.IdempotentWrite,
        Encoding = BodyEncoding.Json,
        Json = new JsonObject
        {
            ["objectID"] = Orders,
            ["contact_id"] = contactId,
            ["gateway_id"] = gatewayId,
            ["offer"] = offer.DeepClone(),
        },
    };

    /// <summary>The bulk transaction actions take <c>objectID</c> 46 and a selection; we always name exactly one id.</summary>
    private static OntraportRequest Bulk(HttpMethod method, string path, long transactionId, RequestEffect effect) => new()
    {
        Method = method,
        Path = path,
        Effect = effect,
        Encoding = BodyEncoding.Json,
        Json = new JsonObject { ["objectID"] = Transactions, ["ids"] = new JsonArray(transactionId) },
    };

    private static OntraportRequest ById(string path, long transactionId) => new()
    {
        Method = HttpMethod.Put,
        Path = path,
        Effect = RequestEffect.IdempotentWrite,
        Encoding = BodyEncoding.Form,
        Form = new RequestParameters().Add("id", transactionId).Pairs,
    };
}
