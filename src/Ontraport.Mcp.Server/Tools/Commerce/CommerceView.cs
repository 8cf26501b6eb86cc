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
    public JsonObject Invoice(OntraportRecord invoice, bool detailed = false)
    {
        var currency = currencyOf(invoice.GetLong("gateway_id"));
        var status = InvoiceMapping.StatusOf(invoice);
        var view = new JsonObject
        {
            ["id"] = invoice.Id,
            ["status"] = status is { } s ? InvoiceMapping.Word(s) : invoice["status"],
            ["contact"] = Contact(invoice.GetLong("contact_id"), invoice["contact_name"]),
            ["total"] = Money.Format(invoice.GetDecimal("total") ?? 0m, currency),
            ["date"] = Date(invoice["date"]),
        };
        Add(view, "due_date", Date(invoice[InvoiceMapping.DueDate]));
        if (status == TransactionStatus.Open && invoice.GetTime(InvoiceMapping.DueDate) is { } due && due < now)
        {
            view["overdue_days"] = Math.Max(1, (int)(now - due).TotalDays);
        }

        var offer = OfferOf(invoice);
        if (!detailed)
        {
            Add(view, "products", offer?.ToString());
            return view;
        }

        foreach (var part in new[] { "subtotal", "tax", "shipping" })
        {
            if (invoice.GetDecimal(part) is { } amount && (amount != 0 || part == "subtotal"))
            {
                view[part] = Money.Format(amount, currency);
            }
        }

        if (offer is not null)
        {
            view["items"] = new JsonArray([.. offer.Lines.Select(l => (JsonNode)new JsonObject
            {
                ["product_id"] = l.ProductId,
                ["name"] = l.Name,
                ["quantity"] = l.Quantity,
                ["unit_price"] = Money.Format(l.UnitPrice, currency),
                ["total"] = Money.Format(l.Total, currency),
            })]);
        }

        foreach (var field in new[] { "order_id", "cc_id", "gateway_id", "recharge_attempts" })
        {
            if (invoice.GetLong(field) is { } value && value > 0)
            {
                view[field == "cc_id" ? "card_id" : field] = value;
            }
        }

        Add(view, "last_recharge_date", Date(invoice["last_recharge_date"]));
        Add(view, "date_sent", Date(invoice[InvoiceMapping.DateSent]));
        Add(view, "memo", invoice[InvoiceMapping.Memo]);
        Add(view, "external_order_id", invoice["external_order_id"]);
        Add(view, RecordLinks.Key, RecordLinks.For(Invoices, invoice.Id)); // the full invoice links into Ontraport; list rows do not
        return view;
    }

    public JsonObject Purchase(OntraportRecord purchase, OntraportRecord? product)
    {
        var currency = currencyOf(null);
        var view = new JsonObject
        {
            ["id"] = purchase.Id,
            ["product"] = purchase["name"] ?? product?["name"],
            ["product_id"] = purchase.GetLong("product_id"),
            ["quantity"] = purchase.GetLong("quantity") ?? 1,
            ["price"] = Money.Format(purchase.GetDecimal("price") ?? 0m, currency),
            ["total"] = Money.Format(purchase.GetDecimal("total_price") ?? 0m, currency),
            ["status"] = Word(ObjectTypeIds.Purchase, "status", purchase["status"]),
            ["type"] = Word(ObjectTypeIds.Purchase, "type", purchase["type"]),
            ["date"] = Date(purchase["date"]),
        };
        foreach (var link in new[] { "invoice_id", "order_id" })
        {
            if (purchase.GetLong(link) is > 0 and var id)
            {
                view[link] = id;
            }
        }

        Add(view, "description", product?["description"] ?? purchase["description"]);
        Add(view, "sku", product?["sku"]);
        return view;
    }

    public JsonObject Payment(OntraportRecord payment, string? contactName, OntraportRecord? card)
    {
        var currency = currencyOf(payment.GetLong("gateway_id"));
        var view = new JsonObject
        {
            ["id"] = payment.Id,
            ["invoice_id"] = payment.GetLong("invoice_id"),
            ["contact"] = Contact(payment.GetLong("contact_id"), contactName),
            ["amount"] = Money.Format(payment.GetDecimal("amount") ?? 0m, currency),
            ["status"] = Word(ObjectTypeIds.Payment, "status", payment["status"]),
            ["method"] = payment[InvoiceMapping.PaymentMethod],
            ["date"] = Date(payment["date"]),
        };
        if (payment.GetDecimal(InvoiceMapping.RefundedAmount) is > 0 and var refunded)
        {
            view["refunded"] = Money.Format(refunded, currency);
        }

        Add(view, "card", card is null ? null : Billing.CardLabel(card));
        Add(view, "external_txn", payment["external_txn"]);
        return view;
    }

    public JsonObject Order(OntraportRecord order)
    {
        var view = new JsonObject
        {
            ["id"] = order.Id,
            ["name"] = order["name"],
            ["status"] = Word(ObjectTypeIds.Order, "status", order["status"]),
            ["contact_id"] = order.GetLong("contact_id"),
        };
        if (order.GetDecimal("next_charge") is > 0 and var price)
        {
            view["price"] = $"{Money.Format(price, currencyOf(order.GetLong("gateway_id")))} per {order["unit"] ?? "month"}";
        }

        Add(view, "next_charge_date", Date(order["payment_next_date"]));
        Add(view, "cancellation_date", Date(order["cancellation_date"]));
        if (order.GetLong("cc_id") is > 0 and var card)
        {
            view["card_id"] = card;
        }

        return view;
    }

    public static JsonObject Contact(long? id, string? name)
    {
        var contact = new JsonObject { ["id"] = id };
        Add(contact, "name", name);
        return contact;
    }

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

    private static void Add(JsonObject view, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            view[name] = value;
        }
    }
}
