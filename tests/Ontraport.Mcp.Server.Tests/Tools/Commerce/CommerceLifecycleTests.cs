using System.Globalization;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>Invoices, charges and subscriptions through their lifecycles, across tools, with the sandbox's records and ledger checked.</summary>
public class CommerceLifecycleTests : IAsyncLifetime
{
    private ServerHost Host { get; } = new(ServerHost.Weekend);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    [Fact]
    public async Task Draft_to_open_to_sent_to_paid_to_partly_then_fully_refunded()
    {
        var spentBefore = decimal.Parse(Host.DemoAccount.Find(0, 2)!["spent"]!, CultureInfo.InvariantCulture);
        var created = (await Host.CallAsync("create_invoice", new
        {
            contact = "jane.doe@example.com",
            products = new object[] { new { product_id = 4, quantity = 2 }, new { product_id = 7, price = 25 } },
            total = 525,
            memo = "Coaching and the playbook",
        })).Ok();
        var id = created["invoice"]!["id"]!.GetValue<long>();
        Assert.Equal("draft", created["invoice"]!["status"]!.GetValue<string>());

        var early = (await Host.CallAsync("send_invoice", new { invoice_id = id })).Error();
        Assert.Contains("drafts are not sent", early, StringComparison.Ordinal);

        var changed = (await Host.CallAsync("update_invoice", new { invoice_id = id, products = new[] { new { product_id = 4, quantity = 3 } }, total = 750, due_date = "2026-12-15" })).Ok();
        Assert.Equal("750.00 USD", changed["invoice"]!["total"]!.GetValue<string>());
        Assert.Equal("draft", changed["invoice"]!["status"]!.GetValue<string>());
        (await Host.CallAsync("update_invoice", new { invoice_id = id, status = "open" })).Ok();
        (await Host.CallAsync("send_invoice", new { invoice_id = id })).Ok();

        var paid = (await Host.CallAsync("pay_invoice", new { invoice_id = id })).Ok();
        Assert.Equal("750.00 USD", paid["charged"]!.GetValue<string>());
        Assert.Equal(spentBefore + 750m, decimal.Parse(Host.DemoAccount.Find(0, 2)!["spent"]!, CultureInfo.InvariantCulture));

        var part = (await Host.CallAsync("refund_transaction", new { transaction_id = id, amount = 250 })).Ok();
        Assert.Equal("partially refunded", part["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal("500.00 USD", part["left_to_refund"]!.GetValue<string>());
        var tooMuch = (await Host.CallAsync("refund_transaction", new { transaction_id = id, amount = 500.01 })).Error();
        Assert.Contains("more than the 500.00 USD left to refund", tooMuch, StringComparison.Ordinal);

        var rest = (await Host.CallAsync("refund_transaction", new { transaction_id = id })).Ok();
        Assert.Equal("500.00 USD", rest["refunded"]!.GetValue<string>());
        Assert.Equal("refunded", rest["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal(spentBefore, decimal.Parse(Host.DemoAccount.Find(0, 2)!["spent"]!, CultureInfo.InvariantCulture));

        var ledger = Host.DemoAccount.Ledger;
        Assert.Equal(750m, Assert.Single(ledger, e => e.IsCapturedCharge).Amount);
        Assert.Equal([250m, 500m], ledger.Where(e => e.Kind == Sandbox.SandboxLedgerKind.Refund).Select(e => e.Amount));
        var payment = (await Host.CallAsync("get_payments", new { invoice_id = id })).Ok()["items"]![0]!;
        Assert.Equal("refunded", payment["status"]!.GetValue<string>());
        Assert.Equal("750.00 USD", payment["refunded"]!.GetValue<string>());
        var repeated = (await Host.CallAsync("refund_transaction", new { transaction_id = id })).Error();
        Assert.Contains("identical refund_transaction call", repeated, StringComparison.Ordinal);
        var nothingLeft = (await Host.CallAsync("refund_transaction", new { transaction_id = id, allow_duplicate = true })).Error();
        Assert.Contains("is refunded", nothingLeft, StringComparison.Ordinal);
        Assert.Equal(2, Host.UpstreamRequests().Count(r => r.Path == "transaction/refund"));
    }

    [Fact]
    public async Task A_declining_card_stays_declined_on_rerun_then_goes_to_collections_and_is_written_off()
    {
        var invoice = (await Host.CallAsync("create_invoice", new { contact = 4, products = new[] { new { product_id = 9 } }, status = "open" })).Ok();
        var id = invoice["invoice"]!["id"]!.GetValue<long>();

        var declined = (await Host.CallAsync("pay_invoice", new { invoice_id = id, gateway_id = 1 })).Error();
        Assert.Contains("card ending 0002", declined, StringComparison.Ordinal);
        Assert.Contains($"invoice {id} is now declined", declined, StringComparison.Ordinal);

        var failed = (await Host.CallAsync("get_failed_transactions", new { contact = "mike@oldcompany.com" })).Ok();
        Assert.Contains(failed["items"]!.AsArray(), i => i!["id"]!.GetValue<long>() == id);

        var again = (await Host.CallAsync("rerun_transaction", new { transaction_id = id })).Error();
        Assert.Contains("declined again (attempt 2)", again, StringComparison.Ordinal);

        (await Host.CallAsync("convert_transaction", new { transaction_id = id, to = "collections" })).Ok();
        var already = (await Host.CallAsync("convert_transaction", new { transaction_id = id, to = "collections" })).Ok();
        Assert.Contains("already collections; nothing was sent", already["note"]!.GetValue<string>(), StringComparison.Ordinal);

        var written = (await Host.CallAsync("write_off_transaction", new { transaction_id = id })).Ok();
        Assert.Equal("written off", written["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal(2, Host.DemoAccount.Ledger.Count(e => e.Kind == Sandbox.SandboxLedgerKind.Charge && !e.Approved));
        Assert.Equal(0, Host.DemoAccount.CapturedChargesOnCard("0002"));
        Assert.Single(Host.UpstreamRequests(), r => r.Path == "transaction/convertToCollections");
    }

    [Fact]
    public async Task A_subscription_offer_opens_an_order_that_can_be_repriced_and_cancelled()
    {
        var charged = (await Host.CallAsync("process_transaction", new { contact = "Sarah Johnson", offer_id = "Monthly Membership" })).Error();
        Assert.Contains("has no card on file", charged, StringComparison.Ordinal);

        var sold = (await Host.CallAsync("process_transaction", new { contact = "Emily Davis", offer_id = "Monthly Membership", total = 49 })).Ok();
        var orderId = sold["invoice"]!["order_id"]!.GetValue<long>();
        var order = Host.DemoAccount.Find(52, orderId)!;
        Assert.Equal(("0", "month", "49.00"), (order["status"], order["unit"], order["next_charge"]));
        Assert.NotNull(Host.DemoAccount.Find(44, orderId));

        var repriced = (await Host.CallAsync("update_order", new { order_id = orderId, price = 45, quantity = 2 })).Ok();
        Assert.Equal("90.00 USD per month", repriced["after"]!.GetValue<string>());

        var cancelled = (await Host.CallAsync("cancel_subscription", new { order_id = orderId })).Ok();
        Assert.Equal("cancelled", cancelled["order"]!["status"]!.GetValue<string>());
        Assert.Null(Host.DemoAccount.Find(44, orderId));
        var twice = (await Host.CallAsync("cancel_subscription", new { order_id = orderId })).Ok();
        Assert.Contains("not active; nothing was sent", twice["note"]!.GetValue<string>(), StringComparison.Ordinal);
        var late = (await Host.CallAsync("update_order", new { order_id = orderId, price = 40 })).Error();
        Assert.Contains("only active orders can change", late, StringComparison.Ordinal);
        Assert.Single(Host.UpstreamRequests(), r => r.Method == "DELETE");
    }

    [Fact]
    public async Task An_offline_payment_can_be_backdated_and_is_never_sent_to_a_gateway()
    {
        var logged = (await Host.CallAsync("log_offline_purchase", new { contact = 1, products = new[] { new { product_id = 9, quantity = 2 } }, method = "cash", date = "yesterday" })).Ok();

        Assert.Equal("194.00 USD", logged["logged"]!.GetValue<string>());
        Assert.Equal("2026-11-21T08:00:00Z", logged["invoice"]!["date"]!.GetValue<string>()); // yesterday, midnight in Los Angeles
        var purchases = (await Host.CallAsync("get_purchases", new { contact = 1, since = "yesterday" })).Ok();
        Assert.Equal(2, purchases["items"]![0]!["quantity"]!.GetValue<int>());
        Assert.Empty(Host.DemoAccount.Ledger);
        var future = (await Host.CallAsync("log_offline_purchase", new { contact = 1, products = new[] { new { product_id = 9 } }, date = "2027-01-01" })).Error();
        Assert.Contains("is in the future", future, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Idempotent_state_changes_send_nothing_the_second_time()
    {
        (await Host.CallAsync("mark_transaction_paid", new { transaction_id = 9012 })).Ok();
        var second = (await Host.CallAsync("mark_transaction_paid", new { transaction_id = 9012 })).Ok();
        Assert.Contains("already paid; nothing was sent", second["note"]!.GetValue<string>(), StringComparison.Ordinal);
        (await Host.CallAsync("void_transaction", new { transaction_id = 1241 })).Ok();
        var voidAgain = (await Host.CallAsync("void_transaction", new { transaction_id = 1241 })).Ok();
        Assert.Contains("already voided", voidAgain["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, Host.Writes.Count);
    }

    [Fact]
    public async Task Dry_runs_of_every_write_show_their_request_and_change_nothing()
    {
        (string Tool, object Arguments, string Path)[] calls =
        [
            ("create_invoice", new { contact = 1, products = new[] { new { product_id = 3 } }, dry_run = true }, "/1/Transaction/createInvoice"),
            ("update_invoice", new { invoice_id = 1246, status = "open", dry_run = true }, "/1/Transaction/updateInvoice"),
            ("pay_invoice", new { invoice_id = 1234, dry_run = true }, "/1/Transaction/payInvoice"),
            ("log_offline_purchase", new { contact = 1, products = new[] { new { product_id = 3 } }, dry_run = true }, "/1/transaction/processManual"),
            ("mark_transaction_paid", new { transaction_id = 9012, dry_run = true }, "/1/transaction/markPaid"),
            ("rerun_transaction", new { transaction_id = 1238, dry_run = true }, "/1/transaction/rerun"),
            ("refund_transaction", new { transaction_id = 1240, amount = 100, dry_run = true }, "/1/transaction/refund"),
            ("void_transaction", new { transaction_id = 1241, dry_run = true }, "/1/transaction/void"),
            ("write_off_transaction", new { transaction_id = 3456, dry_run = true }, "/1/transaction/writeOff"),
            ("cancel_subscription", new { order_id = 1, dry_run = true }, "/1/object"),
            ("convert_transaction", new { transaction_id = 1244, to = "declined", dry_run = true }, "/1/transaction/convertToDecline"),
            ("send_invoice", new { invoice_id = 1234, dry_run = true }, "/1/transaction/resendInvoice"),
            ("update_order", new { order_id = 1, price = 50, dry_run = true }, "/1/transaction/order"),
        ];
        foreach (var (tool, arguments, path) in calls)
        {
            var answer = (await Host.CallAsync(tool, arguments)).Ok();
            Assert.True(answer["dry_run"]?.GetValue<bool>(), $"{tool}: {answer}");
            Assert.Equal(path, answer["requests"]![0]!["path"]!.GetValue<string>());
        }

        var refund = (await Host.CallAsync("refund_transaction", new { transaction_id = 1240, amount = 100, dry_run = true })).Ok();
        Assert.Equal("100.00", refund["requests"]![0]!["body"]!["amount"]!.GetValue<string>());
        Assert.Empty(Host.Writes);
        Assert.Empty(Host.DemoAccount.Ledger);
    }
}
