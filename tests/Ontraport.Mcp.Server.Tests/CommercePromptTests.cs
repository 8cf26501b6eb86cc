using System.Globalization;
using static Ontraport.Mcp.Server.Tests.TestValues;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Every example prompt of the seed's Commerce section (shared/seeds/000), as the tool call an agent makes for it,
/// against the sandbox's demo account, with the answer and the account checked.
/// </summary>
public class CommercePromptTests : IAsyncLifetime
{
    private ServerHost Host { get; } = new(ServerHost.Weekend);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    [Fact]
    public async Task Show_me_all_open_invoices_from_this_month()
    {
        var page = (await Host.CallAsync("get_invoices", new { status = "open", since = "this month" })).Ok();

        var ids = page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ToList();
        Assert.Equal([1242, 1234, 1244, 9012], ids); // newest first
        Assert.All(page["items"]!.AsArray(), i => Assert.Equal("open", i!["status"]!.GetValue<string>()));
        Assert.Equal(4, page["count"]!.GetValue<int>());
        Assert.Equal("3,549.00 USD", page["sum_of_totals"]!.GetValue<string>());
        Assert.Equal("2026-11-01T07:00:00Z", page["created"]!["since"]!.GetValue<string>()); // the account's time zone (Los Angeles)
        var john = page["items"]![1]!;
        Assert.Equal("John Smith", john["contact"]!["name"]!.GetValue<string>());
        Assert.Equal("500.00 USD", john["total"]!.GetValue<string>());
        Assert.Equal("1 × Consulting", john["products"]!.GetValue<string>());
        Assert.Equal(3, page["items"]![2]!["overdue_days"]!.GetValue<int>());
    }

    [Fact]
    public async Task What_products_has_John_Smith_bought_from_us()
    {
        var page = (await Host.CallAsync("get_purchases", new { contact = "John Smith" })).Ok();

        var products = page["items"]!.AsArray().Select(i => i!["product"]!.GetValue<string>()).ToList();
        Assert.Equal(["Three Marketeers Annual Subscription", "Three Marketeers Membership", "Three Marketeers Membership", "Three Marketeers Membership"], products);
        var first = page["items"]![0]!;
        Assert.Equal("299.00 USD", first["total"]!.GetValue<string>());
        Assert.Equal("paid", first["status"]!.GetValue<string>());
        Assert.Equal("one-time", first["type"]!.GetValue<string>());
        Assert.Equal("TM-002", first["sku"]!.GetValue<string>());
        Assert.Contains("Twelve months", first["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("subscription", page["items"]![1]!["type"]!.GetValue<string>());
        Assert.Equal("446.00 USD", page["sum_of_totals"]!.GetValue<string>());
    }

    [Fact]
    public async Task Which_invoices_are_declined_or_overdue_right_now()
    {
        var page = (await Host.CallAsync("get_failed_transactions")).Ok();

        var items = page["items"]!.AsArray();
        Assert.Equal([1238, 1245, 7890, 1244, 1230], items.Select(i => i!["id"]!.GetValue<long>()));
        Assert.Equal(["declined", "declined", "declined", "open", "declined"], items.Select(i => i!["status"]!.GetValue<string>()));
        Assert.Equal(3, items[3]!["overdue_days"]!.GetValue<int>());
        Assert.Equal(2, items[2]!["attempts"]!.GetValue<int>());
        Assert.Equal(items.Sum(i => Amount(i!["total"])), Amount(page["outstanding"]));
    }

    [Fact]
    public async Task Create_a_draft_invoice_for_John_Smith_for_500_dollars_for_consulting_services()
    {
        var answer = (await Host.CallAsync("create_invoice", new { contact = "John Smith", products = new[] { new { product_id = 3, price = 500 } }, total = 500 })).Ok();

        var invoice = answer["invoice"]!;
        Assert.Equal("draft", invoice["status"]!.GetValue<string>());
        Assert.Equal("500.00 USD", invoice["total"]!.GetValue<string>());
        Assert.Equal("Consulting", invoice["items"]![0]!["name"]!.GetValue<string>());
        Assert.Contains("update_invoice", answer["next"]!.GetValue<string>(), StringComparison.Ordinal);
        var stored = Host.DemoAccount.Find(46, invoice["id"]!.GetValue<long>())!;
        Assert.Equal("8", stored["status"]);
        Assert.Equal("1", stored["contact_id"]);
        Assert.Equal("500.00", stored["total"]);
        Assert.Empty(Host.DemoAccount.Ledger);
    }

    [Fact]
    public async Task Change_the_due_date_of_John_Smiths_draft_invoice_to_April_30th_and_send_it()
    {
        var drafts = (await Host.CallAsync("get_invoices", new { contact = "John Smith", status = "draft" })).Ok();
        var id = Assert.Single(drafts["items"]!.AsArray())!["id"]!.GetValue<long>();
        Assert.Equal(1246, id);

        var updated = (await Host.CallAsync("update_invoice", new { invoice_id = id, due_date = "2027-04-30", status = "open" })).Ok();
        Assert.Equal("open", updated["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal("2027-04-30T07:00:00Z", updated["invoice"]!["due_date"]!.GetValue<string>());

        var sent = (await Host.CallAsync("send_invoice", new { invoice_id = id })).Ok();
        Assert.Equal("john.smith@example.com", sent["sent_to"]!.GetValue<string>());
        Assert.Equal("2026-11-22T15:00:00Z", sent["invoice"]!["date_sent"]!.GetValue<string>());
        Assert.Equal("9", Host.DemoAccount.Find(46, id)!["status"]);
        Assert.Contains(Host.DemoAccount.All(4), l => l["contact_id"] == "1" && l["description"] == "Invoice #1246 sent to john.smith@example.com");
    }

    [Fact]
    public async Task Pay_invoice_1234_using_John_Smiths_card_on_file()
    {
        var answer = (await Host.CallAsync("pay_invoice", new { invoice_id = 1234 })).Ok();

        Assert.Equal("500.00 USD", answer["charged"]!.GetValue<string>());
        Assert.Equal("Visa ending 4242", answer["card"]!.GetValue<string>());
        Assert.Equal("paid", answer["invoice"]!["status"]!.GetValue<string>());
        var charge = Assert.Single(Host.DemoAccount.Ledger);
        Assert.True(charge.IsCapturedCharge);
        Assert.Equal((500m, "4242", 1234L), (charge.Amount, charge.CardLast4, charge.InvoiceId));
        Assert.Equal("1", Host.DemoAccount.Find(46, 1234)!["status"]);
        Assert.Contains(Host.DemoAccount.All(17), p => p["invoice_id"] == "1234" && p["status"] == "1");
    }

    [Fact]
    public async Task Charge_Jane_Does_card_299_dollars_for_the_Three_Marketeers_Annual_Subscription()
    {
        var answer = (await Host.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299 })).Ok();

        Assert.Equal("299.00 USD", answer["charged"]!.GetValue<string>());
        Assert.Equal("Mastercard ending 4444", answer["card"]!.GetValue<string>());
        var invoiceId = answer["invoice"]!["id"]!.GetValue<long>();
        Assert.Equal("paid", answer["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal("Three Marketeers Annual Subscription", answer["invoice"]!["items"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(1, Host.DemoAccount.CapturedChargesOnCard("4444"));
        Assert.Contains(Host.DemoAccount.All(17), p => p["invoice_id"] == invoiceId.ToString(CultureInfo.InvariantCulture) && p["product_id"] == "2");
    }

    [Fact]
    public async Task Log_a_1000_dollar_check_payment_from_John_Smith_for_the_Three_Marketeers_Annual_Subscription()
    {
        var mismatch = (await Host.CallAsync("log_offline_purchase", new { contact = "John Smith", products = new[] { new { product_id = 2 } }, total = 1000, method = "check" })).Error();
        Assert.Contains("add up to 299.00 USD", mismatch, StringComparison.Ordinal);

        var answer = (await Host.CallAsync("log_offline_purchase", new { contact = "John Smith", products = new[] { new { product_id = 2, price = 1000 } }, total = 1000, method = "check", reference = "check 1042" })).Ok();
        Assert.Equal("1,000.00 USD", answer["logged"]!.GetValue<string>());
        Assert.Equal("paid", answer["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal("check 1042", answer["invoice"]!["external_order_id"]!.GetValue<string>());
        var payments = (await Host.CallAsync("get_payments", new { invoice_id = answer["invoice"]!["id"]!.GetValue<long>() })).Ok();
        Assert.Equal("check", payments["items"]![0]!["method"]!.GetValue<string>());
        Assert.Empty(Host.DemoAccount.Ledger); // nothing went through a gateway
    }

    [Fact]
    public async Task Mark_invoice_9012_as_paid()
    {
        var answer = (await Host.CallAsync("mark_transaction_paid", new { transaction_id = 9012 })).Ok();

        Assert.Equal("paid", answer["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal("1", Host.DemoAccount.Find(46, 9012)!["status"]);
        Assert.Contains(Host.DemoAccount.All(227), p => p["invoice_id"] == "9012" && p["method"] == "other" && p["status"] == "1");
        Assert.Empty(Host.DemoAccount.Ledger);
    }

    [Fact]
    public async Task Retry_the_failed_charge_on_John_Smiths_account()
    {
        var answer = (await Host.CallAsync("rerun_transaction", new { contact = "John Smith" })).Ok();

        Assert.Equal(1238, answer["invoice"]!["id"]!.GetValue<long>());
        Assert.Equal("paid", answer["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal("49.00 USD", answer["charged"]!.GetValue<string>());
        Assert.Equal(1, Host.DemoAccount.CapturedChargesOnCard("4242"));
    }

    [Fact]
    public async Task Refund_John_Smiths_299_dollar_payment_from_last_week()
    {
        var answer = (await Host.CallAsync("refund_transaction", new { contact = "John Smith", amount = 299, since = "14 days ago" })).Ok();

        Assert.Equal("299.00 USD", answer["refunded"]!.GetValue<string>());
        Assert.Equal(1240, answer["invoice"]!["id"]!.GetValue<long>());
        Assert.Equal("refunded", answer["invoice"]!["status"]!.GetValue<string>());
        var refund = Assert.Single(Host.DemoAccount.Ledger);
        Assert.Equal((Sandbox.SandboxLedgerKind.Refund, 299m, "4242"), (refund.Kind, refund.Amount, refund.CardLast4));
    }

    [Fact]
    public async Task Void_the_pending_charge_on_Jane_Does_account()
    {
        var answer = (await Host.CallAsync("void_transaction", new { contact = "Jane Doe" })).Ok();

        Assert.Equal(1241, answer["invoice"]!["id"]!.GetValue<long>());
        Assert.Equal("voided", answer["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal(Sandbox.SandboxLedgerKind.Void, Assert.Single(Host.DemoAccount.Ledger).Kind);
        Assert.Contains(Host.DemoAccount.All(227), p => p["invoice_id"] == "1241" && p["status"] == "3");
    }

    [Fact]
    public async Task Write_off_invoice_3456()
    {
        var answer = (await Host.CallAsync("write_off_transaction", new { transaction_id = 3456 })).Ok();

        Assert.Equal("written off", answer["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal("6", Host.DemoAccount.Find(46, 3456)!["status"]);
    }

    [Fact]
    public async Task Cancel_John_Smiths_monthly_Three_Marketeers_Membership_subscription()
    {
        var answer = (await Host.CallAsync("cancel_subscription", new { contact = "John Smith", search = "Membership" })).Ok();

        Assert.Equal("Three Marketeers Membership", answer["cancelled"]!.GetValue<string>());
        Assert.Equal("cancelled", answer["order"]!["status"]!.GetValue<string>());
        Assert.Equal("1", Host.DemoAccount.Find(52, 1)!["status"]);
        Assert.Null(Host.DemoAccount.Find(44, 1));
    }

    [Fact]
    public async Task Add_invoice_7890_to_collections()
    {
        var answer = (await Host.CallAsync("convert_transaction", new { transaction_id = 7890, to = "collections" })).Ok();

        Assert.Equal("collections", answer["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal("0", Host.DemoAccount.Find(46, 7890)!["status"]);
    }

    [Fact]
    public async Task Send_invoice_1234_to_John_Smith()
    {
        var answer = (await Host.CallAsync("send_invoice", new { invoice_id = 1234 })).Ok();

        Assert.Equal("john.smith@example.com", answer["sent_to"]!.GetValue<string>());
        Assert.Single(Host.UpstreamRequests(), r => r.Path == "transaction/resendInvoice");
    }

    [Fact]
    public async Task Change_John_Smiths_monthly_membership_subscription_to_50_dollars_per_month()
    {
        var answer = (await Host.CallAsync("update_order", new { contact = "John Smith", search = "Membership", price = 50, unit = "month" })).Ok();

        Assert.Equal("49.00 USD per month", answer["before"]!.GetValue<string>());
        Assert.Equal("50.00 USD per month", answer["after"]!.GetValue<string>());
        Assert.Equal("50.00", Host.DemoAccount.Find(52, 1)!["next_charge"]);
        Assert.Equal("50.00", Host.DemoAccount.Find(44, 1)!["next_charge"]);
        Assert.Empty(Host.DemoAccount.Ledger);
    }

    [Fact]
    public async Task Check_if_the_summer_promo_offer_is_set_up_correctly()
    {
        var answer = (await Host.CallAsync("validate_offer", new { offer_id = "summer promo" })).Ok();

        Assert.Equal("Summer Promo Offer", answer["offer"]!["name"]!.GetValue<string>());
        Assert.False(answer["valid"]!.GetValue<bool>());
        var problems = answer["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains("tax 'California Sales Tax' is 7% in the offer but 7.25% in the account", problems);
        Assert.Contains("hasShipping is on but no shipping method is listed", problems);
        Assert.Contains(answer["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("costs 149.00 USD here but 199.00 USD in the catalog", StringComparison.Ordinal));
        Assert.Equal("159.43 USD", answer["totals"]!["total"]!.GetValue<string>());
    }
}
