using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Ontraport.Sandbox.Tests;

/// <summary>The commerce engine: transaction/* endpoints, the test gateway and its ledger, the inferred invoice endpoints, orders.</summary>
public class CommerceTests
{
    private static StringContent Charge(long contact, string offer, string extra = "") =>
        SandboxHarness.Json($$"""{"contact_id":{{contact}},"chargeNow":"chargeNow","gateway_id":1,"offer":{{offer}}{{extra}}}""");

    private const string Workshop = """{"products":[{"id":9,"quantity":1,"price":[{"price":97}]}]}""";

    [Fact]
    public async Task An_approved_charge_answers_like_the_live_API_and_books_invoice_payment_purchase_and_ledger()
    {
        using var sandbox = SandboxHarness.Create();
        var data = await sandbox.DataAsync(HttpMethod.Post, "transaction/processManual", Charge(2, Workshop));

        Assert.Equal(1, data.GetProperty("result_code").GetInt32());
        Assert.Equal(JsonValueKind.String, data.GetProperty("transaction_id").ValueKind);
        Assert.Equal("Success!", data.GetProperty("message").GetString());
        Assert.StartsWith("ch_sbx_", data.GetProperty("external_txn").GetString(), StringComparison.Ordinal);
        var invoiceId = data.GetProperty("invoice_id").GetInt64(); // a number, as captured live
        var invoice = sandbox.Account.Find(46, invoiceId)!;
        Assert.Equal(("1", "97.00", "2", "1"), (invoice["status"], invoice["total"], invoice["contact_id"], invoice["gateway_id"]));
        var id = invoiceId.ToString(CultureInfo.InvariantCulture);
        Assert.Contains(sandbox.Account.All(227), p => p["invoice_id"] == id && p["status"] == "1" && p["method"] == "card" && p["amount"] == "97.00");
        Assert.Contains(sandbox.Account.All(17), p => p["invoice_id"] == id && p["product_id"] == "9" && p["total_price"] == "97.00");
        var entry = Assert.Single(sandbox.Account.Ledger);
        Assert.True(entry.IsCapturedCharge);
        Assert.Equal(("4444", 97m, "USD", invoiceId), (entry.CardLast4, entry.Amount, entry.Currency, entry.InvoiceId));
        Assert.Equal(data.GetProperty("external_txn").GetString(), entry.ExternalTransactionId);
    }

    [Fact]
    public async Task A_card_ending_0002_is_declined_with_result_code_0_and_a_declined_invoice()
    {
        using var sandbox = SandboxHarness.Create();
        var data = await sandbox.DataAsync(HttpMethod.Post, "transaction/processManual", Charge(4, Workshop));

        Assert.Equal(0, data.GetProperty("result_code").GetInt32());
        Assert.Contains("0002", data.GetProperty("message").GetString(), StringComparison.Ordinal);
        var invoice = sandbox.Account.Find(46, data.GetProperty("invoice_id").GetInt64())!;
        Assert.Equal(("5", "1"), (invoice["status"], invoice["recharge_attempts"]));
        Assert.False(Assert.Single(sandbox.Account.Ledger).Approved);
        Assert.Equal(0, sandbox.Account.CapturedChargesOnCard("0002"));
    }

    [Fact]
    public async Task A_card_ending_0119_is_charged_then_the_answer_is_held_on_the_sandbox_clock_without_blocking_the_account()
    {
        using var sandbox = SandboxHarness.Create();
        var charge = sandbox.SendAsync(HttpMethod.Post, "transaction/processManual", Charge(3, Workshop));
        await sandbox.Clock.WaitForTimerAsync(d => d == TimeSpan.FromMinutes(5)).WaitAsync(TimeSpan.FromSeconds(30));

        // The charge is booked while the answer waits, and the account keeps serving other requests.
        Assert.False(charge.IsCompleted);
        Assert.Equal(1, sandbox.Account.CapturedChargesOnCard("0119"));
        Assert.True(Assert.Single(sandbox.Account.Ledger).AnswerLost);
        var invoices = await sandbox.GetAsync("Transactions?condition=" + SandboxHarness.Encode("""[{"field":{"field":"contact_id"},"op":"=","value":{"value":3}}]"""));
        Assert.Equal("1", invoices[0].GetProperty("status").GetString());

        sandbox.Clock.Advance(TimeSpan.FromMinutes(5));
        using var response = await charge;
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("Gateway Timeout: the payment gateway did not answer in time.", await response.Content.ReadAsStringAsync());
        Assert.Equal(504, sandbox.Account.Requests.First(r => r.Path == "transaction/processManual").StatusCode);
    }

    [Fact]
    public async Task A_caller_that_gives_up_ends_the_held_answer_early()
    {
        using var sandbox = SandboxHarness.Create();
        using var giveUp = new CancellationTokenSource();
        var charge = sandbox.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "transaction/processManual") { Content = Charge(3, Workshop) }, giveUp.Token);
        await sandbox.Clock.WaitForTimerAsync(d => d == TimeSpan.FromMinutes(5)).WaitAsync(TimeSpan.FromSeconds(30));

        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => charge);
        Assert.Equal(0, sandbox.Clock.ActiveTimerCount);
        Assert.Equal(1, sandbox.Account.CapturedChargesOnCard("0119"));
    }

    [Fact]
    public async Task ChargeLog_records_a_backdated_payment_by_method_without_a_gateway()
    {
        using var sandbox = SandboxHarness.Create();
        var paidAt = SandboxHarness.Start.AddDays(-3);
        var body = $$"""{"contact_id":1,"chargeNow":"chargeLog","payment_method":"check","trans_date":{{paidAt.ToUnixTimeMilliseconds()}},"external_order_id":"check 1042","offer":{{Workshop}}}""";
        var data = await sandbox.DataAsync(HttpMethod.Post, "transaction/processManual", SandboxHarness.Json(body));

        var invoice = sandbox.Account.Find(46, data.GetProperty("invoice_id").GetInt64())!;
        Assert.Equal(paidAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), invoice["date"]); // trans_date is milliseconds
        Assert.Equal(("1", "check 1042", "0"), (invoice["status"], invoice["external_order_id"], invoice["gateway_id"]));
        Assert.Contains(sandbox.Account.All(227), p => p["invoice_id"] == invoice["id"] && p["method"] == "check" && p["date"] == invoice["date"]);
        Assert.Empty(sandbox.Account.Ledger);
    }

    [Fact]
    public async Task The_sandbox_prices_offers_itself_with_taxes_and_shipping()
    {
        using var sandbox = SandboxHarness.Create();
        const string offer = """
            {"products":[{"id":7,"quantity":3,"taxable":true,"price":[{"price":29}]},{"id":9,"quantity":1,"price":[{"price":97}]}],
             "hasTaxes":true,"taxes":[{"id":1,"rate":7.25,"taxShipping":true}],
             "hasShipping":true,"shipping":[{"id":1,"price":7.95}],"subTotal":1,"grandTotal":1}
            """;
        var data = await sandbox.DataAsync(HttpMethod.Post, "transaction/processManual", Charge(2, offer));

        var invoice = sandbox.Account.Find(46, data.GetProperty("invoice_id").GetInt64())!;
        // 3 × 29 + 97 = 184; tax 7.25 % of (87 + 7.95) = 6.88; shipping 7.95.
        Assert.Equal(("184.00", "6.88", "7.95", "198.83"), (invoice["subtotal"], invoice["tax"], invoice["shipping"], invoice["total"]));
        Assert.Equal(198.83m, Assert.Single(sandbox.Account.Ledger).Amount);
    }

    [Theory]
    [InlineData("""{"chargeNow":"chargeNow","gateway_id":1,"offer":{"products":[{"id":9}]}}""", "contact_id is required")]
    [InlineData("""{"contact_id":2,"chargeNow":"later","offer":{"products":[{"id":9}]}}""", "chargeNow must be chargeNow or chargeLog")]
    [InlineData("""{"contact_id":2,"chargeNow":"chargeNow","offer":{"products":[{"id":9}]}}""", "gateway_id is required")]
    [InlineData("""{"contact_id":2,"chargeNow":"chargeNow","gateway_id":3,"offer":{"products":[{"id":9}]}}""", "gateway 3 is not active")]
    [InlineData("""{"contact_id":2,"chargeNow":"chargeNow","gateway_id":1,"offer":{"products":[{"id":404}]}}""", "product 404 does not exist")]
    [InlineData("""{"contact_id":2,"chargeNow":"chargeNow","gateway_id":1,"offer":{"products":[{"id":9,"quantity":1.5}]}}""", "must be a whole number")]
    [InlineData("""{"contact_id":2,"chargeNow":"chargeNow","gateway_id":1,"cc_id":1,"offer":{"products":[{"id":9}]}}""", "credit card 1 does not belong to contact 2")]
    [InlineData("""{"contact_id":5,"chargeNow":"chargeNow","gateway_id":1,"offer":{"products":[{"id":9}]}}""", "contact 5 has no card on file")]
    [InlineData("""{"contact_id":2,"chargeNow":"chargeNow","gateway_id":1,"offer":{"products":[]}}""", "offer.products must list products")]
    public async Task ProcessManual_refuses_bad_requests_with_400_and_charges_nothing(string body, string expected)
    {
        using var sandbox = SandboxHarness.Create();
        var error = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "transaction/processManual", SandboxHarness.Json(body));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(sandbox.Account.Ledger);
        Assert.Equal(29, sandbox.Account.Count(46));
    }

    [Fact]
    public async Task Refunds_go_back_to_the_card_in_part_then_in_full_and_never_beyond_what_was_paid()
    {
        using var sandbox = SandboxHarness.Create();
        var tooMuch = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Put, "transaction/refund", SandboxHarness.Json("""{"objectID":46,"ids":[1240],"amount":"300.00"}"""));
        Assert.Contains("more than the 299.00 left to refund", tooMuch, StringComparison.Ordinal);

        Assert.Equal("Refunded", (await sandbox.DataAsync(HttpMethod.Put, "transaction/refund", SandboxHarness.Json("""{"objectID":46,"ids":[1240],"amount":"99.00"}"""))).GetString());
        Assert.Equal("3", sandbox.Account.Find(46, 1240)!["status"]);
        await sandbox.DataAsync(HttpMethod.Put, "transaction/refund", SandboxHarness.Json("""{"objectID":46,"ids":[1240]}"""));
        Assert.Equal("2", sandbox.Account.Find(46, 1240)!["status"]);
        Assert.Equal([99m, 200m], sandbox.Account.Ledger.Select(e => e.Amount));
        Assert.All(sandbox.Account.Ledger, e => Assert.Equal(SandboxLedgerKind.Refund, e.Kind));

        var again = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Put, "transaction/refund", SandboxHarness.Json("""{"objectID":46,"ids":[1240]}"""));
        Assert.Contains("transaction 1240 is refunded; only paid or partially refunded transactions can be refunded", again, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT", "transaction/void", """{"objectID":46,"ids":[1240]}""", "only pending (unsettled) transactions can be voided")]
    [InlineData("PUT", "transaction/writeOff", """{"objectID":46,"ids":[1240]}""", "only unpaid (open, declined or in collections) transactions can be written off")]
    [InlineData("POST", "transaction/rerun", """{"objectID":46,"ids":[1234]}""", "only declined or in collections transactions can be rerun")]
    [InlineData("POST", "transaction/resendInvoice", """{"objectID":46,"ids":[1246]}""", "transaction 1246 is a draft")]
    [InlineData("PUT", "transaction/refund", """{"objectID":0,"ids":[1240]}""", "act on Transactions (objectID 46)")]
    [InlineData("PUT", "transaction/refund", """{"objectID":46}""", "ids, group_id, condition, search or performAll is required")]
    [InlineData("PUT", "transaction/refund", """{"objectID":46,"ids":[1240,1226],"amount":"5.00"}""", "exactly one transaction")]
    public async Task Lifecycle_endpoints_refuse_the_wrong_state_and_change_nothing(string method, string path, string body, string expected)
    {
        using var sandbox = SandboxHarness.Create();
        var before = sandbox.Account.All(46).Select(r => r["status"]).ToList();
        var error = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, new HttpMethod(method), path, SandboxHarness.Json(body));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(before, sandbox.Account.All(46).Select(r => r["status"]));
        Assert.Empty(sandbox.Account.Ledger);
    }

    [Fact]
    public async Task A_missing_transaction_is_404()
    {
        using var sandbox = SandboxHarness.Create();
        var error = await sandbox.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Put, "transaction/void", SandboxHarness.Json("""{"objectID":46,"ids":[999999]}"""));
        Assert.Contains("999999", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Void_writeOff_rerun_convert_markPaid_and_resend_move_the_documented_states()
    {
        using var sandbox = SandboxHarness.Create();
        Assert.Equal("Voided", (await sandbox.DataAsync(HttpMethod.Put, "transaction/void", SandboxHarness.Json("""{"objectID":46,"ids":[1241]}"""))).GetString());
        Assert.Equal(SandboxLedgerKind.Void, Assert.Single(sandbox.Account.Ledger).Kind);
        Assert.Equal(1, (await sandbox.DataAsync(HttpMethod.Put, "transaction/writeOff", SandboxHarness.Json("""{"objectID":46,"ids":[3456]}"""))).GetInt32());
        Assert.Equal(1, (await sandbox.DataAsync(HttpMethod.Post, "transaction/rerun", SandboxHarness.Json("""{"objectID":46,"ids":[1238]}"""))).GetInt32());
        Assert.Equal("1", sandbox.Account.Find(46, 1238)!["status"]);
        var envelope = await sandbox.EnvelopeAsync(HttpMethod.Put, "transaction/convertToCollections", SandboxHarness.Form(("id", "7890")));
        Assert.False(envelope.TryGetProperty("data", out _));
        Assert.Equal("0", sandbox.Account.Find(46, 7890)!["status"]);
        await sandbox.EnvelopeAsync(HttpMethod.Put, "transaction/convertToDecline", SandboxHarness.Form(("id", "1244")));
        Assert.Equal("5", sandbox.Account.Find(46, 1244)!["status"]);
        Assert.Equal(JsonValueKind.Array, (await sandbox.DataAsync(HttpMethod.Put, "transaction/markPaid", SandboxHarness.Form(("id", "9012")))).ValueKind);
        Assert.Equal("1", sandbox.Account.Find(46, 9012)!["status"]);
        Assert.Equal("", (await sandbox.DataAsync(HttpMethod.Post, "transaction/resendInvoice", SandboxHarness.Json("""{"objectID":46,"ids":[1234]}"""))).GetString());
        Assert.Equal(SandboxHarness.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), sandbox.Account.Find(46, 1234)!["date_sent"]);
    }

    [Fact]
    public async Task The_inferred_invoice_endpoints_create_update_and_pay_invoices()
    {
        using var sandbox = SandboxHarness.Create();
        var created = await sandbox.DataAsync(HttpMethod.Post, "Transaction/createInvoice", SandboxHarness.Json($$"""{"contact_id":2,"status":"draft","memo":"hi","offer":{{Workshop}}}"""));
        var id = created.GetProperty("invoice_id").GetInt64();
        Assert.Equal(("8", "97.00", "hi"), (sandbox.Account.Find(46, id)!["status"], sandbox.Account.Find(46, id)!["total"], sandbox.Account.Find(46, id)!["memo"]));

        var updated = await sandbox.DataAsync(HttpMethod.Put, "Transaction/updateInvoice", SandboxHarness.Json($$"""{"invoice_id":{{id}},"status":"open","due_date":1798761600}"""));
        var attrs = updated.GetProperty("attrs");
        Assert.Equal("9", attrs.GetProperty("status").GetString());
        Assert.Equal("1798761600", attrs.GetProperty("due_date").GetString());
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), attrs.GetProperty("id").GetString());
        var back = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Put, "Transaction/updateInvoice", SandboxHarness.Json($$"""{"invoice_id":{{id}},"status":"draft"}"""));
        Assert.Contains("cannot go back to draft", back, StringComparison.Ordinal);

        var paid = await sandbox.DataAsync(HttpMethod.Post, "Transaction/payInvoice", SandboxHarness.Json($$"""{"invoice_id":{{id}},"gateway_id":1}"""));
        Assert.Equal(1, paid.GetProperty("result_code").GetInt32());
        Assert.Equal("1", sandbox.Account.Find(46, id)!["status"]);
        var twice = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "Transaction/payInvoice", SandboxHarness.Json($$"""{"invoice_id":{{id}},"gateway_id":1}"""));
        Assert.Contains("is paid", twice, StringComparison.Ordinal);
        Assert.Equal(1, sandbox.Account.CapturedChargesOnCard("4444"));
    }

    [Fact]
    public async Task Orders_show_their_offer_change_price_and_cancel_when_deleted()
    {
        using var sandbox = SandboxHarness.Create();
        var order = await sandbox.GetAsync("transaction/order?id=1");
        Assert.Equal("1", order.GetProperty("order_id").GetString());
        var product = order.GetProperty("products")[0];
        Assert.Equal(49m, product.GetProperty("price")[0].GetProperty("price").GetDecimal());
        Assert.Equal("month", product.GetProperty("price")[0].GetProperty("unit").GetString());

        var changed = await sandbox.DataAsync(HttpMethod.Put, "transaction/order", SandboxHarness.Json(
            """{"objectID":52,"contact_id":1,"gateway_id":2,"offer":{"order_id":"1","products":[{"id":1,"quantity":1,"type":"subscription","price":[{"price":50,"unit":"month"}]}]}}"""));
        Assert.Equal("50.00", changed.GetProperty("next_charge").GetString());
        Assert.Equal("50.00", sandbox.Account.Find(44, 1)!["next_charge"]);
        var foreign = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Put, "transaction/order", SandboxHarness.Json(
            """{"objectID":52,"contact_id":2,"gateway_id":2,"offer":{"order_id":"1","products":[{"id":1}]}}"""));
        Assert.Contains("does not belong to contact 2", foreign, StringComparison.Ordinal);

        await sandbox.EnvelopeAsync(HttpMethod.Delete, "object?objectID=52&id=1");
        var cancelled = sandbox.Account.Find(52, 1)!;
        Assert.Equal(("1", "0.00"), (cancelled["status"], cancelled["next_charge"]));
        Assert.Equal(SandboxHarness.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), cancelled["cancellation_date"]);
        Assert.Null(sandbox.Account.Find(44, 1));
    }

    [Fact]
    public async Task A_paid_subscription_line_opens_an_order_and_its_open_order_twin()
    {
        using var sandbox = SandboxHarness.Create();
        const string offer = """{"products":[{"id":1,"quantity":1,"type":"subscription","price":[{"price":49,"unit":"month","payment_count":0}]}]}""";
        var data = await sandbox.DataAsync(HttpMethod.Post, "transaction/processManual", Charge(2, offer));

        var invoice = sandbox.Account.Find(46, data.GetProperty("invoice_id").GetInt64())!;
        var orderId = long.Parse(invoice["order_id"]!, CultureInfo.InvariantCulture);
        var order = sandbox.Account.Find(52, orderId)!;
        Assert.Equal(("0", "month", "49.00"), (order["status"], order["unit"], order["next_charge"]));
        Assert.Equal(SandboxHarness.Start.AddMonths(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), order["payment_next_date"]);
        Assert.Equal(order["next_charge"], sandbox.Account.Find(44, orderId)!["next_charge"]);
    }
}
