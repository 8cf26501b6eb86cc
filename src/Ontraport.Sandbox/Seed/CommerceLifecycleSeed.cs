using System.Text.Json.Nodes;
using Ontraport.Sandbox.Commerce;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Seed;

/// <summary>
/// Completes the commerce history for the invoice lifecycle and the seed's Commerce prompts: due dates and sent dates,
/// refunded amounts on payments, Jane Doe's pending charge, John Smith's draft invoice (1246), invoices #9012 (open),
/// #3456 (in collections) and #7890 (declined), and the test gateway's special cards: Mike Turner's card ending 0002
/// (declines) and Sarah Jones's card ending 0119 (times out); and a Summer Promo Offer with set-up mistakes for
/// validate_offer to find. Uses no randomness, so earlier seed data is unchanged.
/// </summary>
internal static class CommerceLifecycleSeed
{
    public static void Seed(SeedContext seed)
    {
        var store = seed.Store;
        foreach (var invoice in store.Table(ObjectTypeIds.Transaction).Rows)
        {
            invoice["due_date"] = invoice["status"] == InvoiceStatus.Open ? DaysAfter(seed, invoice["date"]!, invoice.Id == DemoIds.InvoiceOverdue ? 7 : 30) : "0";
            invoice["date_sent"] = invoice["status"] == InvoiceStatus.Open ? invoice["date"] : "0";
            invoice["memo"] = "";
        }

        foreach (var payment in store.Table(ObjectTypeIds.Payment).Rows)
        {
            var invoiceStatus = store.Find(ObjectTypeIds.Transaction, payment.Long("invoice_id") ?? 0)?["status"];
            payment["refunded"] = invoiceStatus switch
            {
                InvoiceStatus.Refunded => payment["amount"],
                InvoiceStatus.PartiallyRefunded => "20.00",
                _ => "0.00",
            };
        }

        var janePending = store.Find(ObjectTypeIds.Transaction, DemoIds.InvoiceJanePending)!;
        seed.Insert(
            ObjectTypeIds.Payment, null, janePending["date"]!,
            ("invoice_id", janePending["id"]), ("contact_id", janePending["contact_id"]), ("amount", janePending["total"]), ("refunded", "0.00"),
            ("status", "4"), ("method", "card"), ("gateway_id", janePending["gateway_id"]), ("cc_id", janePending["cc_id"]),
            ("external_txn", "ch_demo_1241"), ("dlm", janePending["date"]));

        var mikeCard = Card(seed, DemoIds.MikeTurner, SandboxChoices.DecliningCardLast4, "1");
        Card(seed, DemoIds.SarahJones, SandboxChoices.TimingOutCardLast4, "2");

        Invoice(seed, DemoIds.InvoiceJohnDraft, DemoIds.JohnSmith, InvoiceStatus.Draft, 1, [(DemoIds.ProductCoachingSession, 2)], dueInDays: null, "Two private coaching sessions.");
        Invoice(seed, DemoIds.InvoiceToMarkPaid, DemoIds.EmilyDavis, InvoiceStatus.Open, 12, [(DemoIds.ProductMastermind, 1)], dueInDays: 30, "Paid by bank transfer on arrival.");
        var collections = Invoice(seed, DemoIds.InvoiceToWriteOff, DemoIds.MikeTurner, InvoiceStatus.Collections, 160, [(DemoIds.ProductGroupCoaching, 1)], dueInDays: 30, "");
        collections["cc_id"] = mikeCard["id"];
        collections["recharge_attempts"] = "3";
        collections["last_recharge_date"] = seed.DaysAgo(120);
        collections["recharge"] = "0";

        MisconfigureSummerPromo(store);

        var customer = store.Table(ObjectTypeIds.Contact).Rows
            .Where(c => c.Decimal("spent") > 0 && c.Id > DemoIds.EmilyDavis && Cards.DefaultOf(store, c.Id) is not null)
            .Skip(2).First();
        var declined = Invoice(seed, DemoIds.InvoiceToCollections, customer.Id, InvoiceStatus.Declined, 9, [(DemoIds.ProductWorkshopTicket, 2)], dueInDays: null, "");
        declined["cc_id"] = Cards.DefaultOf(store, customer.Id)!["id"];
        declined["recharge_attempts"] = "2";
        declined["last_recharge_date"] = seed.DaysAgo(2);
        declined["recharge"] = "1";
        seed.Insert(
            ObjectTypeIds.Payment, null, declined["date"]!,
            ("invoice_id", declined["id"]), ("contact_id", declined["contact_id"]), ("amount", declined["total"]), ("refunded", "0.00"),
            ("status", "0"), ("method", "card"), ("gateway_id", declined["gateway_id"]), ("cc_id", declined["cc_id"]),
            ("external_txn", "ch_demo_7890"), ("dlm", declined["date"]));
    }

    /// <summary>
    /// The Summer Promo Offer (65, id 1): discounted to $149 (below the $199 catalog price, on purpose), but its tax rate
    /// was copied as 7.00 % while California Sales Tax is 7.25 %, and it claims shipping without a shipping method.
    /// </summary>
    private static void MisconfigureSummerPromo(AccountStore store)
    {
        var offer = store.Find(ObjectTypeIds.Offer, DemoIds.OfferSummerPromo)!;
        var data = JsonNode.Parse(offer["data"]!)!.AsObject();
        var product = data["products"]![0]!.AsObject();
        product["price"]![0]!["price"] = 149;
        product["total"] = 149;
        data["taxes"]![0]!["rate"] = 7.0;
        data["hasShipping"] = true;
        offer["data"] = data.ToJsonString();
    }

    private static Record Card(SeedContext seed, long contactId, string last4, string type)
    {
        var contact = seed.Store.Find(ObjectTypeIds.Contact, contactId)!;
        return seed.Insert(
            ObjectTypeIds.CreditCard, null, contact["date"]!,
            ("firstname", contact["firstname"]), ("lastname", contact["lastname"]), ("contact_id", contact["id"]), ("last4", last4), ("type", type),
            ("exp_month", "12"), ("exp_year", SeedContext.Text(seed.Now.Year + 2)),
            ("address", contact["address"]), ("city", contact["city"]), ("state", contact["state"]), ("zip", contact["zip"]), ("country", "US"),
            ("status", "3"));
    }

    private static Record Invoice(SeedContext seed, long id, long contactId, string status, double daysAgo, (long Product, int Quantity)[] lines, int? dueInDays, string memo)
    {
        var contact = seed.Store.Find(ObjectTypeIds.Contact, contactId)!;
        var products = new JsonArray();
        var subtotal = 0m;
        foreach (var (productId, quantity) in lines)
        {
            var product = seed.Store.Find(ObjectTypeIds.Product, productId)!;
            var price = product.Decimal("price") ?? 0m;
            subtotal += price * quantity;
            products.Add(new JsonObject
            {
                ["id"] = productId, ["name"] = product["name"], ["quantity"] = quantity, ["type"] = "single", ["taxable"] = false,
                ["price"] = new JsonArray(new JsonObject { ["price"] = price, ["payment_count"] = 1, ["unit"] = "month", ["id"] = 0 }),
            });
        }

        var date = seed.DaysAgo(daysAgo);
        var offer = new JsonObject { ["products"] = products, ["hasTaxes"] = false, ["hasShipping"] = false, ["subTotal"] = subtotal, ["grandTotal"] = subtotal };
        var card = Cards.DefaultOf(seed.Store, contactId);
        return seed.Insert(
            ObjectTypeIds.Transaction, id, date,
            ("hidden", "0"), ("status", status), ("contact_id", contact["id"]), ("order_id", "0"), ("form_id", "0"), ("lp_id", "0"),
            ("cc_id", card?["id"] ?? "0"), ("gateway_id", SeedContext.Text(DemoIds.GatewayStripe)), ("template_id", "1"),
            ("subtotal", SeedContext.Money(subtotal)), ("tax", "0.00"), ("shipping", "0.00"), ("total", SeedContext.Money(subtotal)),
            ("zip", contact["zip"]), ("city", contact["city"]), ("state", contact["state"]),
            ("tax_city", "0.00"), ("tax_state", "0.00"), ("tax_county", "0.00"), ("external_order_id", ""), ("oprid", "0"),
            ("offer_data", offer.ToJsonString()), ("recharge_attempts", "0"), ("recharge", "0"),
            ("contact_name", $"{contact["firstname"]} {contact["lastname"]}"),
            ("due_date", dueInDays is { } days ? DaysAfter(seed, date, days) : "0"),
            ("date_sent", status == InvoiceStatus.Draft ? "0" : date), ("memo", memo));
    }

    private static string DaysAfter(SeedContext seed, string unixDate, double days) =>
        SeedContext.Unix(seed.FromUnix(unixDate).AddDays(days));
}
