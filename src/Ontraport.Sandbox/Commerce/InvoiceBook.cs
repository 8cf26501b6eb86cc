using System.Globalization;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Commerce;

/// <summary>
/// The bookkeeping of transactions (46): creating them from a priced offer and moving them through their lifecycle,
/// with the records that follow (Payments 227, Purchases 17, Orders 52/44, cards, lifetime value, contact log), so every
/// effect shows in later reads through the generic endpoints.
/// </summary>
internal static class InvoiceBook
{
    public static Record Create(ApiContext context, Record contact, PricedOffer offer, string status, long gatewayId, long? cardId, string date)
    {
        var table = context.Store.Table(ObjectTypeIds.Transaction);
        var invoice = table.Create();
        invoice["hidden"] = "0";
        invoice["status"] = status;
        invoice["contact_id"] = contact["id"];
        invoice["order_id"] = "0";
        invoice["form_id"] = "0";
        invoice["lp_id"] = "0";
        invoice["cc_id"] = Id(cardId ?? 0);
        invoice["gateway_id"] = Id(gatewayId);
        invoice["date"] = date;
        invoice["template_id"] = context.Parameters.NonBlank("invoice_template") ?? "1";
        invoice["zip"] = contact["zip"];
        invoice["city"] = contact["city"];
        invoice["state"] = contact["state"];
        invoice["tax_city"] = "0.00";
        invoice["tax_county"] = "0.00";
        invoice["external_order_id"] = context.Parameters.NonBlank("external_order_id") ?? "";
        invoice["oprid"] = "0";
        invoice["recharge_attempts"] = "0";
        invoice["recharge"] = "0";
        invoice["contact_name"] = $"{contact["firstname"]} {contact["lastname"]}".Trim();
        invoice["due_date"] = "0";
        invoice["date_sent"] = "0";
        SetOffer(invoice, offer);
        RecordDefaults.Apply(table.Schema, invoice, date, context.Store.Seed);
        return invoice;
    }

    /// <summary>Stores the priced offer and its totals on the invoice.</summary>
    public static void SetOffer(Record invoice, PricedOffer offer)
    {
        invoice["subtotal"] = JsonValues.Money(offer.Subtotal);
        invoice["tax"] = JsonValues.Money(offer.Tax);
        invoice["tax_state"] = JsonValues.Money(offer.Tax);
        invoice["shipping"] = JsonValues.Money(offer.Shipping);
        invoice["total"] = JsonValues.Money(offer.Total);
        invoice["offer_data"] = offer.Json.ToJsonString();
    }

    /// <summary>
    /// Charges <paramref name="card"/> for the invoice's total through the test gateway and books the outcome. A timeout
    /// books the charge (the card was charged), then holds the answer back and fails with 504.
    /// </summary>
    public static GatewayCharge ChargeCard(ApiContext context, Record invoice, Record card, Record gateway)
    {
        invoice["cc_id"] = card["id"];
        invoice["gateway_id"] = gateway["id"];
        var charge = TestGateway.Charge(context, gateway, card, invoice.Id, invoice.Decimal("total") ?? 0m);
        if (!charge.Approved)
        {
            Decline(context, invoice, card, charge);
            return charge;
        }

        Settle(context, invoice, SandboxChoices.CardMethod, card, charge.ExternalTransactionId);
        if (charge.TimedOut)
        {
            context.HoldAnswer(SandboxChoices.GatewayTimeoutHold);
            throw new ApiError(504, SandboxChoices.GatewayTimeoutText);
        }

        return charge;
    }

    /// <summary>
    /// Books a settled payment: paid status, a payment, purchases (and orders for recurring lines), card, lifetime value,
    /// log. Dated <paramref name="paidAt"/> (a logged, backdated payment) or now.
    /// </summary>
    public static Record Settle(ApiContext context, Record invoice, string method, Record? card, string? externalTransaction, string? paidAt = null)
    {
        var store = context.Store;
        var date = paidAt ?? context.UnixNow;
        var total = invoice.Decimal("total") ?? 0m;
        var contact = store.Find(ObjectTypeIds.Contact, invoice.Long("contact_id") ?? 0);
        invoice["status"] = InvoiceStatus.Paid;
        var payment = AddPayment(context, invoice, total, "1", method, card, externalTransaction, date);

        var lines = Lines(store, invoice);
        foreach (var line in lines)
        {
            var orderId = line.Recurs && invoice.Long("order_id") is null or 0 ? OrderBook.Open(context, invoice, line, card) : invoice.Long("order_id") ?? 0;
            if (orderId > 0)
            {
                invoice["order_id"] = Id(orderId);
            }

            AddPurchase(context, invoice, contact, line, orderId, date);
            line.Product["total_purchases"] = Id((line.Product.Long("total_purchases") ?? 0) + line.Quantity);
            line.Product["total_income"] = JsonValues.Money((line.Product.Decimal("total_income") ?? 0m) + line.Total);
        }

        if (card is not null)
        {
            card["recent_sale"] = context.UnixNow;
            card["invoice_id"] = invoice["id"];
        }

        if (contact is not null)
        {
            contact["spent"] = JsonValues.Money((contact.Decimal("spent") ?? 0m) + total);
            Log(context, contact, "8", string.Create(CultureInfo.InvariantCulture,
                $"Purchased {string.Join(", ", lines.Select(l => l.Name))} (invoice #{invoice.Id}, {JsonValues.Money(total)})"));
        }

        return payment;
    }

    public static void Decline(ApiContext context, Record invoice, Record card, GatewayCharge charge)
    {
        invoice["status"] = InvoiceStatus.Declined;
        invoice["recharge_attempts"] = Id((invoice.Long("recharge_attempts") ?? 0) + 1);
        invoice["last_recharge_date"] = context.UnixNow;
        invoice["recharge"] = "1";
        AddPayment(context, invoice, invoice.Decimal("total") ?? 0m, "0", SandboxChoices.CardMethod, card, charge.ExternalTransactionId, context.UnixNow);
    }

    /// <summary>What is left to refund: settled payments minus what was refunded (the invoice total when it has no payments).</summary>
    public static decimal Refundable(AccountStore store, Record invoice)
    {
        var payments = SettledPayments(store, invoice);
        return payments.Count == 0
            ? invoice.Decimal("total") ?? 0m
            : payments.Sum(p => (p.Decimal("amount") ?? 0m) - (p.Decimal("refunded") ?? 0m));
    }

    public static void Refund(ApiContext context, Record invoice, decimal amount)
    {
        var store = context.Store;
        var full = amount >= Refundable(store, invoice);
        var remaining = amount;
        foreach (var payment in SettledPayments(store, invoice).OrderByDescending(p => p.Id))
        {
            var left = (payment.Decimal("amount") ?? 0m) - (payment.Decimal("refunded") ?? 0m);
            var part = Math.Min(left, remaining);
            if (part <= 0)
            {
                continue;
            }

            payment["refunded"] = JsonValues.Money((payment.Decimal("refunded") ?? 0m) + part);
            payment["status"] = part == left ? "2" : payment["status"];
            payment["dlm"] = context.UnixNow;
            if (payment["method"] == SandboxChoices.CardMethod && store.Find(ObjectTypeIds.CreditCard, payment.Long("cc_id") ?? 0) is { } card)
            {
                TestGateway.Return(context, SandboxLedgerKind.Refund, payment.Long("gateway_id") ?? 0, card, invoice.Id, part);
            }

            remaining -= part;
        }

        invoice["status"] = full ? InvoiceStatus.Refunded : InvoiceStatus.PartiallyRefunded;
        var purchases = PurchasesOf(store, invoice).ToList();
        foreach (var purchase in purchases.Where(_ => full))
        {
            purchase["status"] = "4";
            purchase["dlm"] = context.UnixNow;
        }

        if (purchases.FirstOrDefault() is { } first)
        {
            var log = store.Table(ObjectTypeIds.PurchaseHistoryLog).Create();
            log["purchase_id"] = first["id"];
            log["contact_id"] = first["contact_id"];
            log["description"] = full ? $"Refunded in full: ${JsonValues.Money(amount)}" : $"Partially refunded: ${JsonValues.Money(amount)}";
            log["date"] = context.UnixNow;
        }

        if (store.Find(ObjectTypeIds.Contact, invoice.Long("contact_id") ?? 0) is { } contact)
        {
            contact["spent"] = JsonValues.Money(Math.Max(0m, (contact.Decimal("spent") ?? 0m) - amount));
        }
    }

    /// <summary>Releases a pending (authorized, unsettled) charge.</summary>
    public static void Void(ApiContext context, Record invoice)
    {
        invoice["status"] = InvoiceStatus.Voided;
        foreach (var payment in PaymentsOf(context.Store, invoice).Where(p => p["status"] == "4"))
        {
            payment["status"] = "3";
            payment["dlm"] = context.UnixNow;
            if (context.Store.Find(ObjectTypeIds.CreditCard, payment.Long("cc_id") ?? 0) is { } card)
            {
                TestGateway.Return(context, SandboxLedgerKind.Void, payment.Long("gateway_id") ?? 0, card, invoice.Id, payment.Decimal("amount") ?? 0m);
            }
        }
    }

    /// <summary>The invoice's product lines, priced from its stored offer (none when the offer no longer prices).</summary>
    public static IReadOnlyList<OfferLine> Lines(AccountStore store, Record invoice) =>
        OfferPricing.TryPrice(invoice["offer_data"], store)?.Lines ?? [];

    public static void Log(ApiContext context, Record contact, string type, string description)
    {
        var log = context.Store.Table(ObjectTypeIds.LogItem).Create();
        log["contact_id"] = contact["id"];
        log["object_type_id"] = "0";
        log["type"] = type;
        log["description"] = description;
        log["date"] = context.UnixNow;
    }

    public static IEnumerable<Record> PaymentsOf(AccountStore store, Record invoice) =>
        store.Table(ObjectTypeIds.Payment).Rows.Where(p => p.Long("invoice_id") == invoice.Id);

    private static List<Record> SettledPayments(AccountStore store, Record invoice) =>
        [.. PaymentsOf(store, invoice).Where(p => p["status"] is "1" or "2")];

    private static IEnumerable<Record> PurchasesOf(AccountStore store, Record invoice) =>
        store.Table(ObjectTypeIds.Purchase).Rows.Where(p => p.Long("invoice_id") == invoice.Id);

    private static Record AddPayment(ApiContext context, Record invoice, decimal amount, string status, string method, Record? card, string? externalTransaction, string date)
    {
        var table = context.Store.Table(ObjectTypeIds.Payment);
        var payment = table.Create();
        payment["invoice_id"] = invoice["id"];
        payment["contact_id"] = invoice["contact_id"];
        payment["amount"] = JsonValues.Money(amount);
        payment["refunded"] = "0.00";
        payment["status"] = status;
        payment["method"] = method;
        payment["gateway_id"] = card is null ? "0" : invoice["gateway_id"];
        payment["cc_id"] = card?["id"] ?? "0";
        payment["external_txn"] = externalTransaction ?? "";
        payment["date"] = date;
        payment["dlm"] = context.UnixNow;
        RecordDefaults.Apply(table.Schema, payment, context.UnixNow, context.Store.Seed);
        return payment;
    }

    private static void AddPurchase(ApiContext context, Record invoice, Record? contact, OfferLine line, long orderId, string date)
    {
        var table = context.Store.Table(ObjectTypeIds.Purchase);
        var purchase = table.Create();
        purchase["contact_id"] = invoice["contact_id"];
        purchase["affiliate_id"] = "0";
        purchase["product_id"] = line.Product["id"];
        purchase["owner"] = contact?["owner"] ?? SandboxChoices.DefaultOwnerId;
        purchase["invoice_id"] = invoice["id"];
        purchase["order_id"] = Id(orderId);
        purchase["description"] = line.Product["description"];
        purchase["date"] = date;
        purchase["dlm"] = context.UnixNow;
        purchase["price"] = JsonValues.Money(line.UnitPrice);
        purchase["name"] = line.Name;
        purchase["quantity"] = Id(line.Quantity);
        purchase["discount"] = "0.00";
        purchase["type"] = line.Type switch { "subscription" => "1", "payment_plan" => "2", _ => "0" };
        purchase["status"] = "1";
        purchase["level1"] = "0.00";
        purchase["level2"] = "0.00";
        purchase["total_price"] = JsonValues.Money(line.Total);
        RecordDefaults.Apply(table.Schema, purchase, context.UnixNow, context.Store.Seed);
    }

    private static string Id(long value) => value.ToString(CultureInfo.InvariantCulture);
}
