namespace Ontraport.Sandbox.Schema.Types;

/// <summary>
/// Products, purchases, orders, cards, invoices, taxes, shipping, offers, gateways and payments
/// (ontraport-api.md §5.2, §5.4). Payments (227) are not public: their fields are inferred (see <see cref="SandboxChoices"/>),
/// as are the 2025 invoice fields and statuses (draft, open, due date: see <c>SandboxChoices.Commerce.cs</c>).
/// </summary>
internal static class CommerceSchemas
{
    /// <summary>0–7 as the NET client names them (0 read as "in collections"); 8 and 9 are INFERRED (SandboxChoices.Commerce).</summary>
    public static readonly (string Key, string Label)[] TransactionStatuses =
    [
        ("0", "Collections"), ("1", "Paid"), ("2", "Refunded"), ("3", "Partially Refunded"), ("4", "Voided"),
        ("5", "Declined"), ("6", "Written Off"), ("7", "Pending"), (SandboxChoices.InvoiceDraft, "Draft"), (SandboxChoices.InvoiceOpen, "Open"),
    ];

    public static readonly (string Key, string Label)[] PurchaseStatuses =
    [
        ("0", "Collections"), ("1", "Paid"), ("2", "Declined"), ("3", "Voided"), ("4", "Refunded"), ("5", "Written Off"), ("7", "Pending"),
    ];

    public static IEnumerable<ObjectTypeSchema> Build()
    {
        yield return new ObjectTypeBuilder(ObjectTypeIds.Product, "Product", "Product", "Products")
            .Access(ObjectAccess.All)
            .ListFields("name", "price", "total_purchases", "total_income", "date")
            .Section("Product Information")
            .Text("name", "Name").Required()
            .Price("price", "Price")
            .Timestamp("date", "Date Created")
            .Timestamp("dlm", "Date Modified")
            .System("deleted", "Deleted")
            .LongText("description", "Description")
            .Number("external_id", "External ID")
            .Number("product_group", "Product Group")
            .Text("sku", "SKU")
            .Check("taxable", "Taxable")
            .System("total_income", "Total Income", FieldType.Price)
            .System("total_purchases", "Total Purchases", FieldType.Numeric)
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Purchase, "Purchase", "Purchase", "Purchases")
            .ListFields("name", "contact_id", "quantity", "total_price", "status", "date")
            .Sums("total_price")
            .Section("Purchase Information")
            .Parent("contact_id", "Contact", ObjectTypeIds.Contact)
            .Number("affiliate_id", "Affiliate")
            .Parent("product_id", "Product", ObjectTypeIds.Product)
            .Parent("owner", "Owner", ObjectTypeIds.User)
            .Number("package_id", "Package")
            .Parent("invoice_id", "Invoice", ObjectTypeIds.Transaction)
            .Number("subscription_id", "Subscription")
            .Parent("order_id", "Order", ObjectTypeIds.Order)
            .Number("oprid", "Order Product")
            .LongText("description", "Description")
            .Timestamp("date", "Date")
            .Timestamp("dlm", "Date Modified")
            .Price("price", "Price")
            .Text("name", "Name")
            .Number("quantity", "Quantity")
            .Number("coupon_id", "Coupon")
            .Number("coupon_code_id", "Coupon Code")
            .Price("discount", "Discount")
            .Drop("type", "Type", ("0", "One-time"), ("1", "Subscription"), ("2", "Payment Plan"), ("3", "Trial Payment"))
            .Drop("status", "Status", PurchaseStatuses)
            .Price("level1", "Level 1 Commission")
            .Price("level2", "Level 2 Commission")
            .Price("total_price", "Total Price")
            .Text("affiliate", "Affiliate Name")
            .Text("coupon_name", "Coupon Name")
            .Text("coupon_code", "Coupon Code")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.PurchaseHistoryLog, "PurchaseHistoryLog", "PurchaseHistoryLog", "PurchaseHistoryLogs")
            .Section("Log Information")
            .Parent("purchase_id", "Purchase", ObjectTypeIds.Purchase)
            .Parent("contact_id", "Contact", ObjectTypeIds.Contact)
            .LongText("description", "Description")
            .Timestamp("date", "Date")
            .Build();

        yield return OrderLike(ObjectTypeIds.OpenOrder, "OpenOrder", "OpenOrder", "OpenOrders");

        yield return new ObjectTypeBuilder(ObjectTypeIds.CreditCard, "CreditCard", "CreditCard", "CreditCards")
            .ListFields("contact_id", "last4", "exp_month", "exp_year")
            .Section("Card Information")
            .Text("firstname", "First Name")
            .Text("lastname", "Last Name")
            .Parent("contact_id", "Contact", ObjectTypeIds.Contact)
            .Text("last4", "Last 4")
            .Drop("type", "Card Type", ("1", "Visa"), ("2", "Mastercard"), ("3", "American Express"), ("4", "Discover"), ("5", "PayPal"), ("6", "Other"))
            .Number("exp_month", "Expiration Month")
            .Number("exp_year", "Expiration Year")
            .Field("address", "Address", FieldType.Address)
            .Text("address2", "Address 2")
            .Text("city", "City")
            .Field("state", "State", FieldType.State)
            .Text("zip", "Zip Code")
            .Field("country", "Country", FieldType.Country)
            .Drop("status", "Status", ("1", "Active"), ("2", "Expired"), ("3", "Active (default)"), ("4", "Expired (default)"))
            .Timestamp("recent_sale", "Most Recent Sale")
            .Parent("invoice_id", "Invoice", ObjectTypeIds.Transaction)
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Transaction, "Invoice", "Transaction", "Transactions")
            .ListFields("status", "total", "contact_name", "date")
            .Sums("total")
            .Section("Invoice Information")
            .Check("hidden", "Hidden")
            .Drop("status", "Status", TransactionStatuses)
            .Parent("contact_id", "Contact", ObjectTypeIds.Contact)
            .Parent("order_id", "Order", ObjectTypeIds.Order)
            .Number("form_id", "Form")
            .Parent("lp_id", "Landing Page", ObjectTypeIds.LandingPage)
            .Parent("cc_id", "Credit Card", ObjectTypeIds.CreditCard)
            .Parent("gateway_id", "Gateway", ObjectTypeIds.Gateway)
            .Field("date", "Date Created", FieldType.Timestamp)
            .Number("template_id", "Invoice Template")
            .Price("subtotal", "Subtotal")
            .Price("tax", "Tax")
            .Price("shipping", "Shipping")
            .Price("total", "Total")
            .Text("zip", "Zip Code")
            .Text("city", "City")
            .Field("state", "State", FieldType.State)
            .Text("county", "County")
            .Price("tax_city", "City Tax")
            .Price("tax_state", "State Tax")
            .Price("tax_county", "County Tax")
            .Text("external_order_id", "External Order ID")
            .Number("oprid", "Order Product")
            .LongText("offer_data", "Offer")
            .Timestamp("last_recharge_date", "Last Recharge Date")
            .Number("recharge_attempts", "Recharge Attempts")
            .Check("recharge", "Recharge")
            .Text("contact_name", "Contact Name")
            .Field("due_date", "Due Date", FieldType.Timestamp)
            .LongText("memo", "Memo")
            .Timestamp("date_sent", "Last Sent")
            .Build();

        yield return OrderLike(ObjectTypeIds.Order, "Order", "Order", "Orders", ObjectAccess.Read | ObjectAccess.Delete);

        yield return new ObjectTypeBuilder(ObjectTypeIds.Tax, "Tax", "Tax", "Taxes")
            .AlsoNamed("Taxtypes")
            .ListFields("name", "rate")
            .Section("Tax Information")
            .Text("name", "Name")
            .Field("rate", "Rate (%)", FieldType.Numeric)
            .Number("form_id", "Form")
            .LongText("rules", "Rules")
            .System("deleted", "Deleted")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.ShippingMethod, "ShippingMethod", "ShippingMethod", "ShippingMethods")
            .AlsoNamed("Shippingtypes")
            .ListFields("name", "price")
            .Section("Shipping Information")
            .Text("name", "Name")
            .Price("price", "Price")
            .Number("form_id", "Form")
            .LongText("rules", "Rules")
            .System("deleted", "Deleted")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Offer, "Offer", "Offer", "Offers")
            .Access(ObjectAccess.Read | ObjectAccess.Create | ObjectAccess.Update)
            .ListFields("name", "public")
            .Section("Offer Information")
            .Parent("owner", "Owner", ObjectTypeIds.User)
            .Text("name", "Name").Required()
            .Check("public", "Public")
            .LongText("data", "Offer Data")
            .Check("referenced", "Referenced")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Gateway, "Gateway", "Gateway", "Gateways")
            .ListFields("name", "type", "status", "test")
            .Section("Gateway Information")
            .Text("name", "Name")
            .Text("type", "Gateway Type")
            .Drop("status", "Status", ("0", "Inactive"), ("1", "Active"))
            .Check("test", "Test Mode")
            .Text("currency", "Currency")
            .Timestamp("date", "Date Created")
            .Timestamp("dlm", "Date Modified")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Payment, "Payment", "Payment", "Payments")
            .ListFields("invoice_id", "contact_id", "amount", "status", "date")
            .Sums("amount")
            .Section("Payment Information")
            .Parent("invoice_id", "Invoice", ObjectTypeIds.Transaction)
            .Parent("contact_id", "Contact", ObjectTypeIds.Contact)
            .Price("amount", "Amount")
            .Price("refunded", "Amount Refunded")
            .Drop("status", "Status", ("0", "Failed"), ("1", "Succeeded"), ("2", "Refunded"), ("3", "Voided"), ("4", "Pending"))
            .Drop("method", "Method", ("card", "Card"), ("check", "Check"), ("cash", "Cash"), ("other", "Other"))
            .Parent("gateway_id", "Gateway", ObjectTypeIds.Gateway)
            .Parent("cc_id", "Credit Card", ObjectTypeIds.CreditCard)
            .Text("external_txn", "Gateway Transaction ID")
            .Timestamp("date", "Date")
            .Timestamp("dlm", "Date Modified")
            .Build();
    }

    /// <summary>Orders (52) and open orders (44) share the order row of <c>PUT transaction/order</c> (ontraport-api.md §3.4).</summary>
    private static ObjectTypeSchema OrderLike(int id, string name, string singular, string plural, ObjectAccess access = ObjectAccess.Read) =>
        new ObjectTypeBuilder(id, name, singular, plural)
            .Access(access)
            .ListFields("contact_id", "name", "payment_next_date", "unit", "status")
            .Section("Order Information")
            .Parent("contact_id", "Contact", ObjectTypeIds.Contact)
            .Parent("offer_id", "Offer", ObjectTypeIds.Offer)
            .Text("affiliate", "Affiliate")
            .Parent("cc_id", "Credit Card", ObjectTypeIds.CreditCard)
            .Text("name", "Name")
            .Field("payment_next_date", "Next Payment", FieldType.Timestamp)
            .Timestamp("orig_month_date", "Original Billing Day")
            .Drop("unit", "Billing Unit", ("day", "Day"), ("week", "Week"), ("month", "Month"), ("quarter", "Quarter"), ("year", "Year"))
            .Number("count", "Payments Made")
            .Parent("gateway_id", "Gateway", ObjectTypeIds.Gateway)
            .Text("shipping_address", "Shipping Address")
            .Text("shipping_city", "Shipping City")
            .Text("shipping_state", "Shipping State")
            .Text("shipping_zip", "Shipping Zip")
            .Text("shipping_country", "Shipping Country")
            .Drop("status", "Status", ("0", "Active"), ("1", "Cancelled"), ("2", "Completed"), ("3", "Paused"))
            .Check("hidden", "Hidden")
            .Timestamp("dlm", "Date Modified")
            .Timestamp("cancellation_date", "Cancellation Date")
            .Price("tax", "Tax")
            .Price("shipping", "Shipping")
            .Price("next_charge", "Next Charge")
            .Number("transactions", "Transactions")
            .Number("transactions_remaining", "Transactions Remaining")
            .Price("charged", "Total Charged")
            .LongText("order_form_json", "Order Form")
            .Build();
}
