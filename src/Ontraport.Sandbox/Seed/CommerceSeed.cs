using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Seed;

/// <summary>
/// A small, plausible commerce history: Products (16), Taxes (63), Shipping (64), Gateways (70), Offers (65),
/// Credit Cards (45), Invoices (46, ids 1221–1245, every status), Purchases (17), Orders (52), Open Orders (44),
/// Payments (227) and Purchase History Logs (30).
/// </summary>
internal static class CommerceSeed
{
    private static readonly (string Name, decimal Price, string Description, bool Taxable)[] Products =
    [
        ("Three Marketeers Membership", 49m, "Monthly membership: courses, templates and weekly group calls.", false),
        ("Three Marketeers Annual Subscription", 299m, "Twelve months of membership, billed yearly.", false),
        ("Consulting", 500m, "One consulting engagement with a Three Marketeers coach.", false),
        ("1:1 Coaching Session", 250m, "A 60-minute private coaching session.", false),
        ("Group Coaching Program (12 weeks)", 1200m, "Twelve weekly group sessions with homework reviews.", false),
        ("Mastermind Retreat", 2500m, "Three-day in-person mastermind in Santa Barbara.", false),
        ("Marketing Playbook (eBook)", 29m, "The 120-page Three Marketeers playbook.", true),
        ("Summer Sale Bundle", 199m, "Membership quarter, playbook and two workshop tickets.", true),
        ("Workshop Ticket", 97m, "One seat at a live online workshop.", false),
        ("VIP Strategy Day", 3000m, "A full day of strategy with Alex, in person or online.", false),
    ];

    /// <summary>An issued, unpaid invoice (INFERRED status, see SandboxChoices.Commerce); due dates come from <see cref="CommerceLifecycleSeed"/>.</summary>
    private const string Open = SandboxChoices.InvoiceOpen;

    public static void Seed(SeedContext seed)
    {
        var catalogDate = seed.DaysAgo(700);
        var index = 0;
        foreach (var (name, price, description, taxable) in Products)
        {
            seed.Insert(
                ObjectTypeIds.Product, null, catalogDate,
                ("name", name), ("price", SeedContext.Money(price)), ("description", description), ("taxable", taxable ? "1" : "0"),
                ("sku", $"TM-{++index:000}"), ("product_group", "0"), ("external_id", "0"), ("total_income", "0.00"), ("total_purchases", "0"),
                ("dlm", seed.DaysAgo(100)));
        }

        seed.Insert(ObjectTypeIds.Tax, null, catalogDate, ("name", "California Sales Tax"), ("rate", "7.25"), ("form_id", "0"), ("rules", ""));
        seed.Insert(ObjectTypeIds.Tax, null, catalogDate, ("name", "Texas Sales Tax"), ("rate", "6.25"), ("form_id", "0"), ("rules", ""));
        seed.Insert(ObjectTypeIds.Tax, null, catalogDate, ("name", "New York Sales Tax"), ("rate", "4.00"), ("form_id", "0"), ("rules", ""));
        seed.Insert(ObjectTypeIds.ShippingMethod, null, catalogDate, ("name", "Standard Shipping"), ("price", "7.95"), ("form_id", "0"), ("rules", ""));
        seed.Insert(ObjectTypeIds.ShippingMethod, null, catalogDate, ("name", "Express Shipping"), ("price", "19.95"), ("form_id", "0"), ("rules", ""));
        seed.Insert(ObjectTypeIds.Gateway, DemoIds.GatewayTest, catalogDate, ("name", "Test Gateway"), ("type", "dummy"), ("status", "1"), ("test", "1"), ("currency", "USD"), ("dlm", catalogDate));
        seed.Insert(ObjectTypeIds.Gateway, DemoIds.GatewayStripe, catalogDate, ("name", "Stripe"), ("type", "stripe"), ("status", "1"), ("test", "0"), ("currency", "USD"), ("dlm", catalogDate));
        seed.Insert(ObjectTypeIds.Gateway, null, catalogDate, ("name", "PayPal"), ("type", "paypal"), ("status", "0"), ("test", "0"), ("currency", "USD"), ("dlm", catalogDate));

        Offer(seed, "Summer Promo Offer", 8, "single", null, taxId: 1);
        Offer(seed, "Monthly Membership", DemoIds.ProductMembership, "subscription", "month", null);
        Offer(seed, "Annual Subscription", DemoIds.ProductAnnual, "subscription", "year", null);
        Offer(seed, "Consulting Package", DemoIds.ProductConsulting, "single", null, null);

        SeedCards(seed);
        SeedOrders(seed);
        SeedInvoices(seed);
    }

    private static void Offer(SeedContext seed, string name, long productId, string type, string? unit, long? taxId)
    {
        var product = seed.Store.Find(ObjectTypeIds.Product, productId)!;
        var price = product.Decimal("price") ?? 0m;
        var data = new JsonObject
        {
            ["products"] = new JsonArray(new JsonObject
            {
                ["quantity"] = 1,
                ["total"] = price,
                ["shipping"] = false,
                ["tax"] = taxId is not null,
                ["price"] = new JsonArray(new JsonObject { ["price"] = price, ["payment_count"] = unit is null ? 1 : 0, ["unit"] = unit ?? "month", ["id"] = 0 }),
                ["type"] = type,
                ["taxable"] = taxId is not null,
                ["id"] = productId,
                ["name"] = product["name"],
            }),
            ["taxes"] = taxId is { } t ? new JsonArray(new JsonObject { ["id"] = t, ["rate"] = 7.25, ["name"] = "California Sales Tax", ["taxShipping"] = false }) : new JsonArray(),
            ["hasTaxes"] = taxId is not null,
            ["shipping"] = new JsonArray(),
            ["hasShipping"] = false,
            ["invoice_template"] = 1,
            ["shipping_charge_reoccurring_orders"] = false,
            ["name"] = name,
        };
        seed.Insert(ObjectTypeIds.Offer, null, seed.DaysAgo(300), ("owner", "1"), ("name", name), ("public", "1"), ("data", data.ToJsonString()), ("referenced", "1"));
    }

    private static void SeedCards(SeedContext seed)
    {
        var random = seed.Random;
        var customers = seed.Store.Table(ObjectTypeIds.Contact).Rows.Where(c => c.Decimal("spent") > 0).Take(26).ToList();
        foreach (var contact in customers)
        {
            var (type, last4) = contact.Id switch
            {
                DemoIds.JohnSmith => ("1", "4242"),
                DemoIds.JaneDoe => ("2", "4444"),
                DemoIds.EmilyDavis => ("3", "0005"),
                _ => random.Weighted((("1", "1881"), 4), (("2", "5100"), 3), (("3", "8431"), 1), (("4", "1117"), 1)),
            };
            var expired = contact.Id > DemoIds.EmilyDavis && random.Chance(0.15);
            var year = seed.Now.Year + (expired ? -1 : random.Next(1, 5));
            seed.Insert(
                ObjectTypeIds.CreditCard, null, contact["date"]!,
                ("firstname", contact["firstname"]), ("lastname", contact["lastname"]), ("contact_id", contact["id"]),
                ("last4", last4), ("type", type), ("exp_month", SeedContext.Text(random.Next(1, 13))), ("exp_year", SeedContext.Text(year)),
                ("address", contact["address"]), ("city", contact["city"]), ("state", contact["state"]), ("zip", contact["zip"]), ("country", "US"),
                ("status", expired ? "4" : "3"));
        }
    }

    private static void SeedOrders(SeedContext seed)
    {
        var random = seed.Random;
        var customers = seed.Store.Table(ObjectTypeIds.Contact).Rows.Where(c => c.Decimal("spent") > 0 && c.Id > DemoIds.EmilyDavis).ToList();
        (long Contact, long Offer, string Name, string Unit, decimal Amount, string Status, int Count, int NextInDays)[] orders =
        [
            (DemoIds.JohnSmith, 2, "Three Marketeers Membership", "month", 49m, "0", 4, 24),
            (DemoIds.JaneDoe, 3, "Three Marketeers Annual Subscription", "year", 299m, "0", 1, 295),
            (random.Pick(customers).Id, 2, "Three Marketeers Membership", "month", 49m, "0", 9, 11),
            (random.Pick(customers).Id, 2, "Three Marketeers Membership", "month", 49m, "1", 3, 0),
            (random.Pick(customers).Id, 4, "Group Coaching Program (12 weeks)", "month", 400m, "0", 2, 6),
            (DemoIds.EmilyDavis, 3, "Three Marketeers Annual Subscription", "year", 299m, "0", 2, 140),
        ];
        foreach (var (contactId, offer, name, unit, amount, status, count, nextInDays) in orders)
        {
            var contact = seed.Store.Find(ObjectTypeIds.Contact, contactId)!;
            var values = new List<(string, string?)>
            {
                ("contact_id", contact["id"]), ("offer_id", SeedContext.Text(offer)), ("cc_id", CardOf(seed, contactId)), ("name", name),
                ("payment_next_date", status == "0" ? seed.DaysAhead(nextInDays) : null), ("orig_month_date", contact["date"]),
                ("unit", unit), ("count", SeedContext.Text(count)), ("gateway_id", SeedContext.Text(DemoIds.GatewayStripe)),
                ("status", status), ("hidden", "0"), ("dlm", seed.DaysAgo(3)),
                ("cancellation_date", status == "1" ? seed.DaysAgo(20) : null), ("tax", "0.00"), ("shipping", "0.00"),
                ("next_charge", status == "0" ? SeedContext.Money(amount) : "0.00"), ("transactions", SeedContext.Text(count)),
                ("transactions_remaining", name.StartsWith("Group", StringComparison.Ordinal) ? "1" : "0"), ("charged", SeedContext.Money(amount * count)),
            };
            var order = seed.Insert(ObjectTypeIds.Order, null, contact["date"]!, [.. values]);
            if (status == "0")
            {
                // An open order shares its order's id, so the two are the same subscription (SandboxChoices.Commerce).
                seed.Insert(ObjectTypeIds.OpenOrder, order.Id, contact["date"]!, [.. values]);
            }
        }
    }

    private static void SeedInvoices(SeedContext seed)
    {
        var random = seed.Random;
        var customers = seed.Store.Table(ObjectTypeIds.Contact).Rows.Where(c => c.Decimal("spent") > 0 && c.Id > DemoIds.EmilyDavis).ToList();
        long Someone() => random.Pick(customers).Id;
        (long Contact, long Product, string Status, double DaysAgo)[] invoices =
        [
            (DemoIds.EmilyDavis, 6, "1", 120), (Someone(), 5, "1", 100), (DemoIds.JohnSmith, 1, "1", 90), (DemoIds.JohnSmith, 1, "1", 60),
            (Someone(), 7, "2", 55), (DemoIds.JaneDoe, 2, "1", 70), (DemoIds.JaneDoe, 1, "1", 40), (Someone(), 9, "3", 35),
            (Someone(), 4, "4", 33), (Someone(), 1, "5", 15), (Someone(), 3, "6", 200), (Someone(), 5, "0", 40),
            (DemoIds.JohnSmith, 1, "1", 30), (DemoIds.JohnSmith, 3, Open, 5), (Someone(), 10, "1", 25), (DemoIds.EmilyDavis, 3, "1", 80),
            (Someone(), 8, "1", 4), (DemoIds.JohnSmith, 1, "5", 2), (Someone(), 7, "1", 3), (DemoIds.JohnSmith, 2, "1", 6),
            (DemoIds.JaneDoe, 2, "7", 1), (Someone(), 1, Open, 2), (Someone(), 9, "1", 1), (Someone(), 3, Open, 10),
            (Someone(), 5, "5", 8),
        ];
        var id = DemoIds.FirstInvoice;
        foreach (var (contactId, productId, status, daysAgo) in invoices)
        {
            Invoice(seed, id++, contactId, productId, status, daysAgo);
        }

        foreach (var product in seed.Store.Table(ObjectTypeIds.Product).Rows)
        {
            var sold = seed.Store.Table(ObjectTypeIds.Purchase).Rows.Where(p => p.Long("product_id") == product.Id && p["status"] == "1").ToList();
            product["total_purchases"] = SeedContext.Text(sold.Count);
            product["total_income"] = SeedContext.Money(sold.Sum(p => p.Decimal("total_price") ?? 0m));
        }
    }

    private static void Invoice(SeedContext seed, long id, long contactId, long productId, string status, double daysAgo)
    {
        var contact = seed.Store.Find(ObjectTypeIds.Contact, contactId)!;
        var product = seed.Store.Find(ObjectTypeIds.Product, productId)!;
        var subtotal = product.Decimal("price") ?? 0m;
        var tax = product["taxable"] == "1" && contact["state"] == "CA" ? decimal.Round(subtotal * 0.0725m, 2) : 0m;
        var total = subtotal + tax;
        var date = seed.DaysAgo(daysAgo);
        var card = CardOf(seed, contactId);
        var order = seed.Store.Table(ObjectTypeIds.Order).Rows.FirstOrDefault(o => o["contact_id"] == contact["id"] && o["name"] == product["name"]);
        var offerData = new JsonObject
        {
            ["products"] = new JsonArray(new JsonObject { ["id"] = productId, ["name"] = product["name"], ["quantity"] = 1, ["price"] = subtotal, ["total"] = subtotal }),
            ["subTotal"] = subtotal,
            ["grandTotal"] = total,
            ["hasTaxes"] = tax > 0,
            ["hasShipping"] = false,
        };
        seed.Insert(
            ObjectTypeIds.Transaction, id, date,
            ("hidden", "0"), ("status", status), ("contact_id", contact["id"]), ("order_id", order?["id"] ?? "0"), ("form_id", "0"), ("lp_id", "0"),
            ("cc_id", card ?? "0"), ("gateway_id", SeedContext.Text(DemoIds.GatewayStripe)), ("template_id", "1"),
            ("subtotal", SeedContext.Money(subtotal)), ("tax", SeedContext.Money(tax)), ("shipping", "0.00"), ("total", SeedContext.Money(total)),
            ("zip", contact["zip"]), ("city", contact["city"]), ("state", contact["state"]), ("county", null),
            ("tax_city", "0.00"), ("tax_state", SeedContext.Money(tax)), ("tax_county", "0.00"), ("external_order_id", null),
            ("oprid", "0"), ("offer_data", offerData.ToJsonString()),
            ("last_recharge_date", status == "5" ? date : null), ("recharge_attempts", status == "5" ? "1" : "0"), ("recharge", status == "5" ? "1" : "0"),
            ("contact_name", $"{contact["firstname"]} {contact["lastname"]}"));

        var settled = status is "1" or "2" or "3";
        if (settled)
        {
            var purchase = seed.Insert(
                ObjectTypeIds.Purchase, null, date,
                ("contact_id", contact["id"]), ("affiliate_id", "0"), ("product_id", product["id"]), ("owner", contact["owner"]),
                ("invoice_id", SeedContext.Text(id)), ("order_id", order?["id"] ?? "0"), ("description", product["description"]),
                ("dlm", date), ("price", SeedContext.Money(subtotal)), ("name", product["name"]), ("quantity", "1"), ("discount", "0.00"),
                ("type", order is null ? "0" : "1"), ("status", status == "2" ? "4" : "1"), ("level1", "0.00"), ("level2", "0.00"),
                ("total_price", SeedContext.Money(total)));
            if (status != "1")
            {
                seed.Insert(
                    ObjectTypeIds.PurchaseHistoryLog, null, seed.DaysAgo(Math.Max(0, daysAgo - 3)),
                    ("purchase_id", purchase["id"]), ("contact_id", contact["id"]),
                    ("description", status == "2" ? "Refunded in full" : "Partially refunded: $20.00"));
            }
        }

        if (settled || status == "5")
        {
            seed.Insert(
                ObjectTypeIds.Payment, null, date,
                ("invoice_id", SeedContext.Text(id)), ("contact_id", contact["id"]), ("amount", SeedContext.Money(total)),
                ("status", status switch { "1" or "3" => "1", "2" => "2", _ => "0" }), ("method", "card"),
                ("gateway_id", SeedContext.Text(DemoIds.GatewayStripe)), ("cc_id", card),
                ("external_txn", string.Create(CultureInfo.InvariantCulture, $"ch_demo_{id}")), ("dlm", date));
        }

        if (card is not null && settled && seed.Store.Find(ObjectTypeIds.CreditCard, long.Parse(card, CultureInfo.InvariantCulture)) is { } cardRecord)
        {
            cardRecord["recent_sale"] = date;
            cardRecord["invoice_id"] = SeedContext.Text(id);
        }
    }

    private static string? CardOf(SeedContext seed, long contactId) =>
        seed.Store.Table(ObjectTypeIds.CreditCard).Rows.FirstOrDefault(c => c.Long("contact_id") == contactId)?["id"];
}
