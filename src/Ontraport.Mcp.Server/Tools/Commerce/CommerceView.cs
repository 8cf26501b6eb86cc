using System.Text.Json;
using System.Text.Json.Nodes;
using Ontraport.Client.Inferred;
using Ontraport.Client.Metadata;
using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

/// <summary>
/// Compact commerce records for an agent: statuses as words, money with its currency, ISO dates, contact names, no
/// empty fields. <paramref name="currencyOf"/> gives a gateway's currency (see <see cref="CommerceService.CurrenciesAsync"/>);
/// codes read as the client's <see cref="KnownCodes"/>, else the account's own options (<paramref name="metadata"/>).
/// </summary>
public sealed class CommerceView(Func<long?, string> currencyOf, DateTimeOffset now, AccountMetadata? metadata = null)
{
    private static readonly ObjectType Invoices = ObjectTypeRegistry.Find(ObjectTypeIds.Transaction)!;

    /// <summary>
    /// An invoice (transaction 46); <paramref name="detailed"/> adds its lines, parts of the total, billing details and its
    /// <c>url</c> in Ontraport.
    /// </summary>
    public InvoiceView Invoice(OntraportRecord invoice, bool detailed = false)
    {
        var currency = currencyOf(invoice.GetLong("gateway_id"));
        var status = InvoiceMapping.StatusOf(invoice);
        var view = new InvoiceView
        {
            Id = invoice.Id,
            Status = status is { } s ? InvoiceMapping.Word(s) : invoice["status"],
            Contact = Contact(invoice.GetLong("contact_id"), invoice["contact_name"]),
            Total = Money.Format(invoice.GetDecimal("total") ?? 0m, currency),
            Date = Date(invoice["date"]),
            DueDate = Text(Date(invoice[InvoiceMapping.DueDate])),
            OverdueDays = status == TransactionStatus.Open && invoice.GetTime(InvoiceMapping.DueDate) is { } due && due < now
                ? Math.Max(1, (int)(now - due).TotalDays)
                : null,
        };
        var offer = OfferOf(invoice);
        if (!detailed)
        {
            return view with { Products = Text(offer?.ToString()) };
        }

        string? Part(string part) => invoice.GetDecimal(part) is { } amount && (amount != 0 || part == "subtotal") ? Money.Format(amount, currency) : null;
        long? Positive(string field) => invoice.GetLong(field) is { } value && value > 0 ? value : null;
        return view with
        {
            Subtotal = Part("subtotal"),
            Tax = Part("tax"),
            Shipping = Part("shipping"),
            Items = offer is null ? null
                : [.. offer.Lines.Select(l => new InvoiceLine(l.ProductId, l.Name, l.Quantity, Money.Format(l.UnitPrice, currency), Money.Format(l.Total, currency)))],
            OrderId = Positive("order_id"),
            CardId = Positive("cc_id"),
            GatewayId = Positive("gateway_id"),
            RechargeAttempts = Positive("recharge_attempts"),
            LastRechargeDate = Text(Date(invoice["last_recharge_date"])),
            DateSent = Text(Date(invoice[InvoiceMapping.DateSent])),
            Memo = Text(invoice[InvoiceMapping.Memo]),
            ExternalOrderId = Text(invoice["external_order_id"]),
            Url = Text(RecordLinks.For(Invoices, invoice.Id)), // the full invoice links into Ontraport; list rows do not
        };
    }

    public PurchaseView Purchase(OntraportRecord purchase, OntraportRecord? product)
    {
        var currency = currencyOf(null);
        return new PurchaseView
        {
            Id = purchase.Id,
            Product = purchase["name"] ?? product?["name"],
            ProductId = purchase.GetLong("product_id"),
            Quantity = purchase.GetLong("quantity") ?? 1,
            Price = Money.Format(purchase.GetDecimal("price") ?? 0m, currency),
            Total = Money.Format(purchase.GetDecimal("total_price") ?? 0m, currency),
            Status = Word(ObjectTypeIds.Purchase, "status", purchase["status"]),
            Type = Word(ObjectTypeIds.Purchase, "type", purchase["type"]),
            Date = Date(purchase["date"]),
            InvoiceId = purchase.GetLong("invoice_id") is > 0 and var invoiceId ? invoiceId : null,
            OrderId = purchase.GetLong("order_id") is > 0 and var orderId ? orderId : null,
            Description = Text(product?["description"] ?? purchase["description"]),
            Sku = Text(product?["sku"]),
        };
    }

    public PaymentView Payment(OntraportRecord payment, string? contactName, OntraportRecord? card)
    {
        var currency = currencyOf(payment.GetLong("gateway_id"));
        return new PaymentView
        {
            Id = payment.Id,
            InvoiceId = payment.GetLong("invoice_id"),
            Contact = Contact(payment.GetLong("contact_id"), contactName),
            Amount = Money.Format(payment.GetDecimal("amount") ?? 0m, currency),
            Status = Word(ObjectTypeIds.Payment, "status", payment["status"]),
            Method = payment[InvoiceMapping.PaymentMethod],
            Date = Date(payment["date"]),
            Refunded = payment.GetDecimal(InvoiceMapping.RefundedAmount) is > 0 and var refunded ? Money.Format(refunded, currency) : null,
            Card = card is null ? null : Text(Billing.CardLabel(card)),
            ExternalTxn = Text(payment["external_txn"]),
        };
    }

    public OrderView Order(OntraportRecord order) => new()
    {
        Id = order.Id,
        Name = order["name"],
        Status = Word(ObjectTypeIds.Order, "status", order["status"]),
        ContactId = order.GetLong("contact_id"),
        Price = order.GetDecimal("next_charge") is > 0 and var price
            ? $"{Money.Format(price, currencyOf(order.GetLong("gateway_id")))} per {order["unit"] ?? "month"}"
            : null,
        NextChargeDate = Text(Date(order["payment_next_date"])),
        CancellationDate = Text(Date(order["cancellation_date"])),
        CardId = order.GetLong("cc_id") is > 0 and var card ? card : null,
    };

    public static ContactRef Contact(long? id, string? name) => new(id, Text(name));

    /// <summary>The invoice's offer (its <c>offer_data</c>), or null when it has none that reads.</summary>
    public static Offer? OfferOf(OntraportRecord invoice)
    {
        if (invoice["offer_data"] is not { Length: > 0 } json)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json) is JsonObject offer ? Offer.Parse(offer) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? Date(string? unixSeconds) => string.IsNullOrEmpty(unixSeconds) ? null : RecordShaper.Date(unixSeconds);

    private string? Word(int objectTypeId, string field, string? code) =>
        code is null ? null
            : KnownCodes.For(objectTypeId, field)?.GetValueOrDefault(code)
                ?? metadata?.Find(objectTypeId)?.FindField(field)?.Options.GetValueOrDefault(code)?.ToLowerInvariant()
                ?? code;

    /// <summary>The text, or null when it is empty or blank (such fields are left out).</summary>
    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
