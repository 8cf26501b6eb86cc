using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Sandbox.Commerce;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Routing;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>
/// The documented <c>transaction/*</c> endpoints (ontraport-api.md §3.4): processManual (charge or log), refund, void,
/// writeOff, rerun, resendInvoice, convertToCollections, convertToDecline and markPaid. Which states each accepts is
/// chosen in <c>SandboxChoices.Commerce.cs</c>.
/// </summary>
internal static class TransactionEndpoints
{
    public static void Map(RouteTable routes) => routes
        .Map("POST", "transaction/processManual", ProcessManual)
        .Map("PUT", "transaction/refund", Refund)
        .Map("PUT", "transaction/void", Void)
        .Map("PUT", "transaction/writeOff", WriteOff)
        .Map("POST", "transaction/rerun", Rerun)
        .Map("POST", "transaction/resendInvoice", ResendInvoice)
        .Map("PUT", "transaction/convertToCollections", context => Convert(context, InvoiceStatus.Collections))
        .Map("PUT", "transaction/convertToDecline", context => Convert(context, InvoiceStatus.Declined))
        .Map("PUT", "transaction/markPaid", MarkPaid);

    private static ApiResult ProcessManual(ApiContext context)
    {
        var contact = Contact(context, context.Parameters.Long("contact_id"));
        var mode = context.Parameters.NonBlank("chargeNow") ?? throw ApiError.BadRequest(SandboxChoices.MissingParameterText("chargeNow"));
        if (mode is not (SandboxChoices.ChargeNow or SandboxChoices.ChargeLog))
        {
            throw ApiError.BadRequest(SandboxChoices.BadChargeModeText);
        }

        var offer = OfferPricing.Price(
            JsonValues.ObjectParameter(context, "offer") ?? throw ApiError.BadRequest(SandboxChoices.MissingParameterText("offer")), context.Store);
        var date = TransactionDate(context);
        if (mode == SandboxChoices.ChargeLog)
        {
            var method = PaymentMethod(context);
            var logged = InvoiceBook.Create(context, contact, offer, InvoiceStatus.Pending, 0, null, date);
            InvoiceBook.Settle(context, logged, method, null, null, date);
            return ApiResult.Data(new JsonObject { ["invoice_id"] = logged.Id });
        }

        var gateway = TestGateway.ActiveGateway(context, context.Parameters.Long("gateway_id") ?? throw ApiError.BadRequest(SandboxChoices.MissingParameterText("gateway_id")));
        var card = Cards.ForCharge(context, contact, context.Parameters.Long("cc_id"), JsonValues.ObjectParameter(context, "payer"));
        var invoice = InvoiceBook.Create(context, contact, offer, InvoiceStatus.Pending, gateway.Id, card.Id, date);
        return ChargeAnswer(context, invoice, InvoiceBook.ChargeCard(context, invoice, card, gateway));
    }

    /// <summary>The answer of a charge: <c>result_code</c> 1 approved, 0 declined (verified shape: ontraport-api.md §3.4).</summary>
    public static ApiResult ChargeAnswer(ApiContext context, Record invoice, GatewayCharge charge)
    {
        var payment = InvoiceBook.PaymentsOf(context.Store, invoice).Last();
        return ApiResult.Data(new JsonObject
        {
            ["result_code"] = charge.Approved ? 1 : 0,
            ["transaction_id"] = payment["id"],
            ["external_txn"] = charge.ExternalTransactionId,
            ["message"] = charge.Message,
            ["invoice_id"] = invoice.Id,
        });
    }

    private static ApiResult Refund(ApiContext context)
    {
        var invoices = Targets(context);
        var amount = RefundAmount(context, invoices);
        foreach (var invoice in invoices)
        {
            Require(invoice, InvoiceStatus.IsSettled(invoice["status"]), "refunded", "paid or partially refunded");
            var refundable = InvoiceBook.Refundable(context.Store, invoice);
            if (amount > refundable)
            {
                throw ApiError.BadRequest(SandboxChoices.RefundTooLargeText(invoice.Id, amount.Value, refundable));
            }
        }

        foreach (var invoice in invoices)
        {
            InvoiceBook.Refund(context, invoice, amount ?? InvoiceBook.Refundable(context.Store, invoice));
        }

        return ApiResult.Text("Refunded");
    }

    private static ApiResult Void(ApiContext context)
    {
        var invoices = Targets(context);
        foreach (var invoice in invoices)
        {
            Require(invoice, invoice["status"] == InvoiceStatus.Pending, "voided", "pending (unsettled)");
        }

        foreach (var invoice in invoices)
        {
            InvoiceBook.Void(context, invoice);
        }

        return ApiResult.Text("Voided");
    }

    private static ApiResult WriteOff(ApiContext context)
    {
        var invoices = Targets(context);
        foreach (var invoice in invoices)
        {
            Require(invoice, InvoiceStatus.IsUnpaid(invoice["status"]), "written off", "unpaid (open, declined or in collections)");
        }

        foreach (var invoice in invoices)
        {
            invoice["status"] = InvoiceStatus.WrittenOff;
        }

        return ApiResult.Data(JsonValue.Create(1));
    }

    private static ApiResult Rerun(ApiContext context)
    {
        var invoices = Targets(context);
        var charges = new List<(Record Invoice, Record Card, Record Gateway)>();
        foreach (var invoice in invoices)
        {
            Require(invoice, invoice["status"] is InvoiceStatus.Declined or InvoiceStatus.Collections, "rerun", "declined or in collections");
            var card = context.Store.Find(ObjectTypeIds.CreditCard, invoice.Long("cc_id") ?? 0)
                ?? throw ApiError.BadRequest(SandboxChoices.NoCardOnFileText(invoice.Long("contact_id") ?? 0));
            charges.Add((invoice, card, TestGateway.ActiveGateway(context, invoice.Long("gateway_id") ?? 0)));
        }

        foreach (var (invoice, card, gateway) in charges)
        {
            InvoiceBook.ChargeCard(context, invoice, card, gateway);
        }

        return ApiResult.Data(JsonValue.Create(1));
    }

    private static ApiResult ResendInvoice(ApiContext context)
    {
        var invoices = Targets(context);
        foreach (var invoice in invoices)
        {
            Require(invoice, invoice["status"] != InvoiceStatus.Draft, "sent", "finalized (not draft)");
        }

        foreach (var invoice in invoices)
        {
            invoice["date_sent"] = context.UnixNow;
            if (context.Store.Find(ObjectTypeIds.Contact, invoice.Long("contact_id") ?? 0) is { } contact)
            {
                InvoiceBook.Log(context, contact, "1", string.Create(CultureInfo.InvariantCulture, $"Invoice #{invoice.Id} sent to {contact["email"]}"));
            }
        }

        return ApiResult.Text("");
    }

    private static ApiResult Convert(ApiContext context, string target)
    {
        var invoice = context.RequiredRecord(context.Store.Catalog.Get(ObjectTypeIds.Transaction));
        var allowed = target == InvoiceStatus.Collections
            ? invoice["status"] is InvoiceStatus.Declined or InvoiceStatus.Open or InvoiceStatus.Collections
            : invoice["status"] is InvoiceStatus.Open or InvoiceStatus.Collections or InvoiceStatus.Declined;
        Require(invoice, allowed, target == InvoiceStatus.Collections ? "sent to collections" : "marked declined", "open, declined or in collections");
        invoice["status"] = target;
        return ApiResult.NoData();
    }

    private static ApiResult MarkPaid(ApiContext context)
    {
        var invoice = context.RequiredRecord(context.Store.Catalog.Get(ObjectTypeIds.Transaction));
        if (invoice["status"] != InvoiceStatus.Paid)
        {
            Require(invoice, InvoiceStatus.IsUnpaid(invoice["status"]), "marked paid", "unpaid (open, declined or in collections)");
            InvoiceBook.Settle(context, invoice, SandboxChoices.MarkedPaidMethod, null, null);
        }

        return ApiResult.Data(new JsonArray());
    }

    /// <summary>The transactions a bulk transaction action names (<c>objectID</c> 46 + ids or another selection); 404 for a missing id.</summary>
    public static List<Record> Targets(ApiContext context)
    {
        var type = context.ObjectType();
        if (type.Id != ObjectTypeIds.Transaction)
        {
            throw ApiError.BadRequest(SandboxChoices.TransactionsOnlyText);
        }

        var records = BulkTargets.Resolve(context, type);
        foreach (var id in context.Parameters.Ids("ids").Where(id => id != 0))
        {
            if (records.All(r => r.Id != id))
            {
                throw ApiError.NotFound(SandboxChoices.RecordNotFoundText(type, id));
            }
        }

        return records;
    }

    public static void Require(Record invoice, bool allowed, string verb, string allowedStates)
    {
        if (!allowed)
        {
            throw ApiError.BadRequest(SandboxChoices.WrongStateText(invoice.Id, InvoiceStatus.Word(invoice["status"]), verb, allowedStates));
        }
    }

    public static Record Contact(ApiContext context, long? contactId)
    {
        var id = contactId ?? throw ApiError.BadRequest(SandboxChoices.MissingParameterText("contact_id"));
        return context.Store.Find(ObjectTypeIds.Contact, id) ?? throw ApiError.BadRequest(SandboxChoices.UnknownContactText(id));
    }

    /// <summary><c>trans_date</c> is in milliseconds (ontraport-api.md §3.4); 0 or absent means now.</summary>
    private static string TransactionDate(ApiContext context) =>
        context.Parameters.Long("trans_date") is > 0 and var milliseconds
            ? (milliseconds / 1000).ToString(CultureInfo.InvariantCulture)
            : context.UnixNow;

    private static string PaymentMethod(ApiContext context)
    {
        var method = context.Parameters.NonBlank(SandboxChoices.PaymentMethodParameter)?.ToLowerInvariant() ?? SandboxChoices.MarkedPaidMethod;
        return SandboxChoices.OfflineMethods.Contains(method) ? method : throw ApiError.BadRequest(SandboxChoices.BadPaymentMethodText(method));
    }

    private static decimal? RefundAmount(ApiContext context, List<Record> invoices)
    {
        if (context.Parameters.NonBlank(SandboxChoices.RefundAmountParameter) is not { } text)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount <= 0 || amount != JsonValues.Cents(amount))
        {
            throw ApiError.BadRequest(SandboxChoices.BadAmountText);
        }

        return invoices.Count == 1 ? amount : throw ApiError.BadRequest(SandboxChoices.PartialRefundOfOneText);
    }
}
