using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.Hosting;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The point of the Commerce tools: nothing that moves money is repeated by accident. The sandbox's gateway ledger is the
/// witness of how many times a card was really charged. Test cards: 0002 declines (Mike Turner, contact 4), 0119 times
/// out (Sarah Jones, contact 3).
/// </summary>
public class MoneySafetyTests : IAsyncLifetime
{
    private ServerHost Host { get; } = new(ServerHost.Weekend);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    private static readonly object TimeoutCharge = new { contact = "Sarah Jones", products = new[] { new { product_id = 9 } }, total = 97, gateway_id = 1 };


    /// <summary>Starts a call the sandbox's gateway will hold, waits until it is parked, and lets the client's 20 s attempt timeout pass.</summary>
    private async Task<ToolAnswer> TimedOutAsync(string tool, object arguments)
    {
        var call = Host.Client.CallAsync(tool, arguments);
        await Host.Clock.WaitForTimerAsync(d => d == TimeSpan.FromMinutes(5)).WaitAsync(TimeSpan.FromSeconds(60));
        Host.Clock.Advance(TimeSpan.FromSeconds(21));
        return await call;
    }

    [Fact]
    public async Task A_charge_that_times_out_is_sent_once_answers_outcome_unknown_with_how_to_check_and_is_not_repeated()
    {
        var error = (await TimedOutAsync("process_transaction", TimeoutCharge)).Error();

        Assert.StartsWith("Outcome unknown:", error, StringComparison.Ordinal);
        Assert.Contains("sent once", error, StringComparison.Ordinal);
        Assert.Contains("get_payments (contact: 3)", error, StringComparison.Ordinal);
        Assert.Contains("get_invoices (contact: 3, since: today)", error, StringComparison.Ordinal);
        Assert.Single(Host.UpstreamRequests(), r => r.Path == "transaction/processManual");
        Assert.Equal(1, Host.DemoAccount.CapturedChargesOnCard("0119"));
        Assert.True(Assert.Single(Host.DemoAccount.Ledger).AnswerLost);

        // The agent retries at once: the duplicate guard refuses before anything reaches Ontraport.
        var again = (await Host.Client.CallAsync("process_transaction", TimeoutCharge)).Error();
        Assert.Contains("identical process_transaction call reached Ontraport", again, StringComparison.Ordinal);
        Assert.Contains("allow_duplicate", again, StringComparison.Ordinal);
        Assert.Single(Host.UpstreamRequests(), r => r.Path == "transaction/processManual");
        Assert.Equal(1, Host.DemoAccount.CapturedChargesOnCard("0119"));

        // Checking as told shows the charge went through.
        var payments = (await Host.Client.CallAsync("get_payments", new { contact = 3 })).Ok();
        var payment = payments["items"]![0]!;
        Assert.Equal("succeeded", payment["status"]!.GetValue<string>());
        Assert.Equal("97.00 USD", payment["amount"]!.GetValue<string>());
        Assert.Equal("Mastercard ending 0119", payment["card"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_charge_whose_answer_is_lost_is_audited_as_outcome_unknown_not_as_refused()
    {
        var file = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using var host = new ServerHost(("ONTRAPORT_MCP_AUDIT_LOG", file), ("ONTRAPORT_MCP_RETRY_BASE_DELAY_MS", "0"),
                ("ONTRAPORT_SANDBOX_FAULTS", "server_error_after:1:path=transaction/processManual"), ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "100000"));
            await using var client = await host.ConnectAsync();

            var lost = (await client.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 9 } }, total = 97 })).Error();

            Assert.StartsWith("Outcome unknown:", lost, StringComparison.Ordinal);
            await host.Services.GetRequiredService<AuditTrail>().FlushAsync(CancellationToken.None);
            var entry = Assert.Single((await File.ReadAllLinesAsync(file)).Select(l => JsonNode.Parse(l)!), l => l["tool"]?.GetValue<string>() == "process_transaction");
            Assert.Equal("outcome unknown", entry["outcome"]!.GetValue<string>());
            Assert.Equal("write", entry["event"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_duplicate_guard_lapses_after_ten_minutes_and_allow_duplicate_overrides_it()
    {
        var charge = new { contact = "Jane Doe", products = new[] { new { product_id = 9 } }, total = 97 };
        (await Host.Client.CallAsync("process_transaction", charge)).Ok();
        var refused = (await Host.Client.CallAsync("process_transaction", charge)).Error();
        Assert.Contains("identical process_transaction call", refused, StringComparison.Ordinal);
        Assert.Equal(1, Host.DemoAccount.CapturedChargesOnCard("4444"));

        (await Host.Client.CallAsync("process_transaction", new { charge.contact, charge.products, charge.total, allow_duplicate = true })).Ok();
        Assert.Equal(2, Host.DemoAccount.CapturedChargesOnCard("4444"));

        Host.Clock.Advance(TimeSpan.FromMinutes(11));
        (await Host.Client.CallAsync("process_transaction", charge)).Ok();
        Assert.Equal(3, Host.DemoAccount.CapturedChargesOnCard("4444"));
    }

    [Fact]
    public async Task Argument_order_does_not_make_two_charges_different()
    {
        (await Host.Client.CallAsync("process_transaction", JsonNode.Parse("""{"contact":"2","products":[{"product_id":9,"quantity":1}],"total":97}"""))).Ok();
        var refused = (await Host.Client.CallAsync("process_transaction", JsonNode.Parse("""{"total":97,"products":[{"quantity":1,"product_id":9}],"contact":"2"}"""))).Error();
        Assert.Contains("identical", refused, StringComparison.Ordinal);
        Assert.Equal(1, Host.DemoAccount.CapturedChargesOnCard("4444"));
    }

    [Fact]
    public async Task A_dry_run_shows_the_exact_processManual_payload_charges_nothing_and_does_not_arm_the_guard()
    {
        var dry = (await Host.Client.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299, dry_run = true })).Ok();
        var request = dry["requests"]![0]!;
        Assert.Equal("POST", request["method"]!.GetValue<string>());
        Assert.Equal("/1/transaction/processManual", request["path"]!.GetValue<string>());
        var body = request["body"]!;
        Assert.Equal("chargeNow", body["chargeNow"]!.GetValue<string>());
        Assert.Equal(2, body["contact_id"]!.GetValue<int>());
        Assert.Equal(2, body["cc_id"]!.GetValue<int>());
        Assert.Equal(2, body["gateway_id"]!.GetValue<int>());
        Assert.Equal(299m, body["offer"]!["grandTotal"]!.GetValue<decimal>());
        Assert.Equal(2, body["offer"]!["products"]![0]!["id"]!.GetValue<int>());
        Assert.Equal("299.00 USD", dry["would_charge"]!.GetValue<string>());
        Assert.Empty(Host.DemoAccount.Ledger);
        Assert.Empty(Host.Writes);

        (await Host.Client.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299 })).Ok();
        Assert.Equal(1, Host.DemoAccount.CapturedChargesOnCard("4444"));
    }

    [Fact]
    public async Task A_declined_card_charges_nothing_answers_an_error_and_leaves_a_declined_invoice()
    {
        var error = (await Host.Client.CallAsync("process_transaction", new { contact = "Mike Turner", products = new[] { new { product_id = 9 } }, gateway_id = 1 })).Error();
        Assert.Contains("Declined:", error, StringComparison.Ordinal);
        Assert.Contains("card ending 0002", error, StringComparison.Ordinal);
        Assert.Contains("Nothing was charged", error, StringComparison.Ordinal);
        Assert.Equal(0, Host.DemoAccount.CapturedChargesOnCard("0002"));
        Assert.False(Assert.Single(Host.DemoAccount.Ledger).Approved);
        var declined = (await Host.Client.CallAsync("get_failed_transactions", new { contact = 4, status = "declined" })).Ok();
        Assert.Equal(97m, decimal.Parse(declined["items"]![0]!["total"]!.GetValue<string>().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Rerunning_a_charge_whose_answer_was_lost_is_refused_by_state_not_sent_again()
    {
        // pay_invoice on the timing-out card: charged once, answer lost; the invoice is paid in Ontraport.
        var invoice = (await Host.Client.CallAsync("create_invoice", new { contact = "Sarah Jones", products = new[] { new { product_id = 4 } }, status = "open" })).Ok();
        var id = invoice["invoice"]!["id"]!.GetValue<long>();
        var lost = (await TimedOutAsync("pay_invoice", new { invoice_id = id, gateway_id = 1 })).Error();
        Assert.Contains($"get_invoices (invoice_id: {id})", lost, StringComparison.Ordinal);

        var rerun = (await Host.Client.CallAsync("rerun_transaction", new { transaction_id = id })).Error();
        Assert.Contains("is paid", rerun, StringComparison.Ordinal);
        var paidAgain = (await Host.Client.CallAsync("pay_invoice", new { invoice_id = id, gateway_id = 1, allow_duplicate = true })).Error();
        Assert.Contains("already paid", paidAgain, StringComparison.Ordinal);
        Assert.Equal(1, Host.DemoAccount.CapturedChargesOnCard("0119"));
        Assert.Single(Host.UpstreamRequests(), r => r.Path.Equals("Transaction/payInvoice", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("process_transaction", """{"contact":"Jane Doe","products":[{"product_id":2,"price":-5}]}""", "products[0].price must be a positive amount")]
    [InlineData("process_transaction", """{"contact":"Jane Doe","products":[{"product_id":2,"quantity":0}]}""", "products[0].quantity must be a whole number")]
    [InlineData("process_transaction", """{"contact":"Jane Doe","products":[{"product_id":2,"quantity":2.5}]}""", "not 2.5")]
    [InlineData("process_transaction", """{"contact":"Jane Doe","products":[{"product_id":2,"price":299.999}]}""", "more than two decimals")]
    [InlineData("process_transaction", """{"contact":"Jane Doe","products":[{"product_id":2,"price":299,"quantity":2}],"total":299}""", "add up to 598.00")]
    [InlineData("process_transaction", """{"contact":"Jane Doe","products":[{"product_id":2}],"offer_id":"3"}""", "products or offer_id, not both")]
    [InlineData("process_transaction", """{"contact":"Jane Doe"}""", "Say what is sold")]
    [InlineData("process_transaction", """{"contact":"Jane Doe","products":[{"product_id":2}],"total":0}""", "total must be a positive amount")]
    [InlineData("create_invoice", """{"contact":"John Smith","products":[{"product_id":3,"price":500}],"status":"paid"}""", "status must be draft or open")]
    [InlineData("create_invoice", """{"contact":"John Smith","products":[]}""", "products is required")]
    [InlineData("log_offline_purchase", """{"contact":"John Smith","products":[{"product_id":2,"price":299}],"total":1000}""", "add up to 299.00")]
    [InlineData("log_offline_purchase", """{"contact":"John Smith","products":[{"product_id":2}],"method":"iou"}""", "method must be check, cash or other")]
    [InlineData("refund_transaction", """{"transaction_id":1240,"amount":-1}""", "amount must be 0 or more")]
    [InlineData("update_order", """{"order_id":1,"unit":"fortnight"}""", "unit must be day, week, month, quarter or year")]
    [InlineData("update_order", """{"order_id":1}""", "Say what changes")]
    [InlineData("convert_transaction", """{"transaction_id":7890,"to":"paid"}""", "to must be collections or declined")]
    [InlineData("get_invoices", """{"status":"unpayed"}""", "'unpayed' is not a status")]
    [InlineData("rerun_transaction", """{}""", "Give transaction_id")]
    public async Task Bad_money_input_is_refused_before_any_upstream_request(string tool, string arguments, string expected)
    {
        var error = (await Host.Client.CallAsync(tool, JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(Host.UpstreamRequests());
    }

    [Theory]
    [InlineData("refund_transaction", """{"transaction_id":1240,"amount":300}""", "more than the 299.00 USD left to refund")]
    [InlineData("refund_transaction", """{"transaction_id":1234}""", "is open; only paid or partially refunded")]
    [InlineData("void_transaction", """{"transaction_id":1240}""", "is paid; only pending transactions can be voided")]
    [InlineData("write_off_transaction", """{"transaction_id":1240}""", "is paid; only open, declined or collections")]
    [InlineData("write_off_transaction", """{"transaction_id":1246}""", "is draft")]
    [InlineData("send_invoice", """{"invoice_id":1246}""", "drafts are not sent")]
    [InlineData("pay_invoice", """{"invoice_id":1246}""", "Finalize it first with update_invoice")]
    [InlineData("mark_transaction_paid", """{"transaction_id":1229}""", "is voided")]
    [InlineData("pay_invoice", """{"invoice_id":1234,"card_id":2}""", "card 2 is not on file for John Smith")]
    [InlineData("process_transaction", """{"contact":"Jane Doe","products":[{"product_id":404}]}""", "no product with id 404")]
    [InlineData("process_transaction", """{"contact":"Mike Turner","products":[{"product_id":9}]}""", "gateway_id is required")]
    [InlineData("update_invoice", """{"invoice_id":1240,"memo":"x"}""", "is paid; only draft or open")]
    [InlineData("update_invoice", """{"invoice_id":1234,"status":"draft"}""", "cannot go back to draft")]
    [InlineData("cancel_subscription", """{"contact":"Mike Turner"}""", "has no active subscription")]
    public async Task State_rules_are_checked_before_anything_is_written(string tool, string arguments, string expected)
    {
        var error = (await Host.Client.CallAsync(tool, JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);
        Assert.Empty(Host.DemoAccount.Ledger);
    }
}
