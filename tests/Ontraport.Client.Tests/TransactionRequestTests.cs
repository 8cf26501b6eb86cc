using System.Text.Json.Nodes;
using Ontraport.Client.Http;
using Ontraport.Client.Transactions;

namespace Ontraport.Client.Tests;

/// <summary>
/// The transaction route tables at the handler: exact method, path and body, which requests are never retried, the
/// charge answer, and the offer JSON and its totals.
/// </summary>
public class TransactionRequestTests
{
    private static readonly JsonObject OneWorkshop = new Offer([new OfferLine(9, "Workshop Ticket", 2, 97m)]).ToJson();

    private static async Task<RecordedRequest> SendAsync(OntraportRequest request, string answer = "{}")
    {
        await using var harness = ClientHarness.Answering(answer);
        await harness.Client().SendAsync(request, CancellationToken.None);
        return Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task A_charge_is_processManual_chargeNow_as_JSON_and_never_retried()
    {
        var request = TransactionRequests.Charge(2, OneWorkshop, 1, 7);
        Assert.Equal(RequestEffect.NonIdempotentWrite, request.Effect);
        var sent = await SendAsync(request);

        Assert.Equal("POST /1/transaction/processManual", sent.Route);
        Assert.Equal("application/json", sent.ContentType);
        var body = JsonNode.Parse(sent.Body)!;
        Assert.Equal("chargeNow", body["chargeNow"]!.GetValue<string>());
        Assert.Equal((2, 1, 7, 1), (body["contact_id"]!.GetValue<int>(), body["gateway_id"]!.GetValue<int>(), body["cc_id"]!.GetValue<int>(), body["invoice_template"]!.GetValue<int>()));
        var product = body["offer"]!["products"]![0]!;
        Assert.Equal((9, 2, 194m), (product["id"]!.GetValue<int>(), product["quantity"]!.GetValue<int>(), product["total"]!.GetValue<decimal>()));
        Assert.Equal(97m, product["price"]![0]!["price"]!.GetValue<decimal>());
        Assert.Equal(194m, body["offer"]!["grandTotal"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_logged_purchase_is_chargeLog_with_trans_date_in_milliseconds_and_the_inferred_method()
    {
        var paidAt = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var request = InvoiceMapping.LogOfflinePayment(1, OneWorkshop, paidAt, "check 1042", "check");
        Assert.Equal(RequestEffect.NonIdempotentWrite, request.Effect);
        var body = JsonNode.Parse((await SendAsync(request)).Body)!;

        Assert.Equal("chargeLog", body["chargeNow"]!.GetValue<string>());
        Assert.Equal(paidAt.ToUnixTimeMilliseconds(), body["trans_date"]!.GetValue<long>());
        Assert.Equal("check 1042", body["external_order_id"]!.GetValue<string>());
        Assert.Equal("check", body["payment_method"]!.GetValue<string>());
        Assert.Null(body["gateway_id"]);
    }

    [Theory]
    [InlineData("refund", "PUT /1/transaction/refund", RequestEffect.NonIdempotentWrite)]
    [InlineData("rerun", "POST /1/transaction/rerun", RequestEffect.NonIdempotentWrite)]
    [InlineData("resend", "POST /1/transaction/resendInvoice", RequestEffect.NonIdempotentWrite)]
    [InlineData("void", "PUT /1/transaction/void", RequestEffect.IdempotentWrite)]
    [InlineData("writeOff", "PUT /1/transaction/writeOff", RequestEffect.IdempotentWrite)]
    public async Task Bulk_transaction_actions_send_objectID_46_and_one_id_as_JSON(string action, string route, RequestEffect effect)
    {
        var request = action switch
        {
            "refund" => TransactionRequests.Refund(1240),
            "rerun" => TransactionRequests.Rerun(1240),
            "resend" => TransactionRequests.ResendInvoice(1240),
            "void" => TransactionRequests.Void(1240),
            _ => TransactionRequests.WriteOff(1240),
        };
        Assert.Equal(effect, request.Effect);
        var sent = await SendAsync(request);
        Assert.Equal(route, sent.Route);
        Assert.Equal("""{"objectID":46,"ids":[1240]}""", sent.Body);
    }

    [Fact]
    public async Task A_partial_refund_adds_the_inferred_amount()
    {
        var sent = await SendAsync(InvoiceMapping.Refund(1240, 99.5m));
        Assert.Equal("""{"objectID":46,"ids":[1240],"amount":"99.50"}""", sent.Body);
        Assert.Equal("""{"objectID":46,"ids":[1240]}""", (await SendAsync(InvoiceMapping.Refund(1240, null))).Body);
    }

    [Theory]
    [InlineData("convertToCollections")]
    [InlineData("convertToDecline")]
    [InlineData("markPaid")]
    public async Task Conversions_and_markPaid_are_PUT_forms_with_id(string path)
    {
        var request = path switch
        {
            "convertToCollections" => TransactionRequests.ConvertToCollections(7890),
            "convertToDecline" => TransactionRequests.ConvertToDecline(7890),
            _ => TransactionRequests.MarkPaid(7890),
        };
        var sent = await SendAsync(request);
        Assert.Equal("PUT /1/transaction/" + path, sent.Route);
        Assert.Equal("application/x-www-form-urlencoded", sent.ContentType);
        Assert.Equal(new Dictionary<string, string> { ["id"] = "7890" }, sent.FormPairs);
    }

    [Fact]
    public async Task Orders_are_read_by_query_and_updated_with_objectID_52_contact_gateway_and_offer()
    {
        var read = await SendAsync(TransactionRequests.GetOrder(1));
        Assert.Equal("GET /1/transaction/order", read.Route);
        Assert.Equal(new Dictionary<string, string> { ["id"] = "1" }, read.QueryPairs);

        var offer = new JsonObject { ["order_id"] = "1", ["products"] = new JsonArray() };
        var update = await SendAsync(TransactionRequests.UpdateOrder(1, 2, offer));
        Assert.Equal("PUT /1/transaction/order", update.Route);
        Assert.Equal("""{"objectID":52,"contact_id":1,"gateway_id":2,"offer":{"order_id":"1","products":[]}}""", update.Body);

        var cancel = await SendAsync(InvoiceMapping.CancelOrder(1));
        Assert.Equal("DELETE /1/object", cancel.Route);
        Assert.Equal(new Dictionary<string, string> { ["objectID"] = "52", ["id"] = "1" }, cancel.QueryPairs);
    }

    [Fact]
    public async Task The_inferred_invoice_endpoints_have_one_shape_each()
    {
        var due = new DateTimeOffset(2027, 4, 30, 7, 0, 0, TimeSpan.Zero);
        var create = InvoiceMapping.CreateInvoice(1, OneWorkshop, open: false, due, "memo", null);
        Assert.Equal(RequestEffect.NonIdempotentWrite, create.Effect);
        var created = await SendAsync(create);
        Assert.Equal("POST /1/Transaction/createInvoice", created.Route);
        var body = JsonNode.Parse(created.Body)!;
        Assert.Equal(("draft", due.ToUnixTimeSeconds(), "memo"), (body["status"]!.GetValue<string>(), body["due_date"]!.GetValue<long>(), body["memo"]!.GetValue<string>()));

        var updated = await SendAsync(InvoiceMapping.UpdateInvoice(1246, null, null, finalize: true, null));
        Assert.Equal("PUT /1/Transaction/updateInvoice", updated.Route);
        Assert.Equal("""{"invoice_id":1246,"status":"open"}""", updated.Body);

        var pay = InvoiceMapping.PayInvoice(1234, 1, 2);
        Assert.Equal(RequestEffect.NonIdempotentWrite, pay.Effect);
        var paid = await SendAsync(pay);
        Assert.Equal("POST /1/Transaction/payInvoice", paid.Route);
        Assert.Equal("""{"invoice_id":1234,"cc_id":1,"gateway_id":2}""", paid.Body);
    }

    [Fact]
    public async Task A_processManual_whose_answer_never_comes_is_sent_exactly_once_and_reported_outcome_unknown()
    {
        var entered = new TaskCompletionSource();
        await using var harness = ClientHarness.Create(async (_, token) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        }, o => { o.AttemptTimeout = TimeSpan.FromSeconds(20); o.RetryBaseDelay = TimeSpan.Zero; });
        var call = harness.Client().SendAsync(TransactionRequests.Charge(2, OneWorkshop, 1, 7), CancellationToken.None);

        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        harness.Time.Advance(TimeSpan.FromSeconds(21));
        var error = await Assert.ThrowsAsync<OntraportException>(() => call);

        Assert.Equal(OntraportErrorKind.OutcomeUnknown, error.Kind);
        Assert.Contains("POST /1/transaction/processManual", error.Message, StringComparison.Ordinal);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Single(harness.Requests);
    }

    [Fact]
    public void The_charge_answer_reads_the_captured_live_shape_and_any_other_result_code_as_a_decline()
    {
        var approved = ChargeResult.Parse(JsonNode.Parse("""{"result_code":1,"transaction_id":"126423745","external_txn":"000TEST","message":"Success!","invoice_id":584}"""));
        Assert.Equal(new ChargeResult(true, 584, "126423745", "000TEST", "Success!"), approved);
        Assert.False(ChargeResult.Parse(JsonNode.Parse("""{"result_code":"0","message":"Declined","invoice_id":"585"}""")).Approved);
        Assert.Equal(585, ChargeResult.Parse(JsonNode.Parse("""{"result_code":"0","invoice_id":"585"}""")).InvoiceId);
        Assert.Equal(4, ChargeResult.InvoiceIdOf(JsonNode.Parse("""{"invoice_id":4}""")));
    }

    [Fact]
    public void Offer_totals_tax_taxable_lines_and_shipping_rounded_to_the_cent()
    {
        var offer = Offer.Parse(JsonNode.Parse("""
            {"products":[{"id":7,"quantity":"3","taxable":true,"price":[{"price":"29.00"}]},{"id":9,"quantity":1,"price":[{"price":97}]}],
             "hasTaxes":true,"taxes":[{"id":1,"rate":7.25,"taxShipping":true}],"hasShipping":true,"shipping":[{"id":1,"price":7.95}],"grandTotal":1}
            """)!.AsObject());

        Assert.Empty(offer.Problems);
        Assert.Equal(new OfferTotals(184m, 6.88m, 7.95m), offer.Totals());
        Assert.Equal(198.83m, offer.Totals().Total);
        Assert.Equal(1m, offer.StatedTotal);
        Assert.Equal(198.83m, offer.ToJson()["grandTotal"]!.GetValue<decimal>());
    }

    [Fact]
    public void Offer_reading_lists_what_is_wrong_and_rewriting_keeps_Ontraports_own_keys()
    {
        var broken = Offer.Parse(JsonNode.Parse("""{"products":[{"quantity":1},{"id":3,"quantity":0.5,"price":[{"price":-1}]}]}""")!.AsObject());
        Assert.Equal(["product line 1 has no product id", "product 3: quantity '0.5' is not a whole number of 1 or more", "product 3: no price of 0 or more in price[0].price"], broken.Problems);

        var order = Offer.Parse(JsonNode.Parse("""{"order_id":"1","products":[{"id":1,"uid":"c3a7","quantity":"1","type":"subscription","price":[{"price":"49.00","unit":"month","id":"3097"}]}]}""")!.AsObject());
        var line = Assert.Single(order.Lines);
        Assert.True(line.Recurs);
        var json = order.WithLines([line with { UnitPrice = 50m }]).ToJson();
        Assert.Equal("1", json["order_id"]!.GetValue<string>());
        Assert.Equal("c3a7", json["products"]![0]!["uid"]!.GetValue<string>());
        Assert.Equal("3097", json["products"]![0]!["price"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(50m, json["products"]![0]!["price"]![0]!["price"]!.GetValue<decimal>());
        Assert.Equal(50m, json["grandTotal"]!.GetValue<decimal>());
    }

    [Fact]
    public void Transaction_statuses_read_words_and_synonyms()
    {
        Assert.Equal([TransactionStatus.Open, TransactionStatus.Declined, TransactionStatus.Collections], InvoiceMapping.StatusesFor("Unpaid"));
        Assert.Equal([TransactionStatus.WrittenOff], InvoiceMapping.StatusesFor("written_off"));
        Assert.Equal([TransactionStatus.Draft], InvoiceMapping.StatusesFor(" draft "));
        Assert.Null(InvoiceMapping.StatusesFor("late"));
        Assert.Equal("partially refunded", InvoiceMapping.StatusWords["3"]);
        Assert.Equal(PaymentStatus.Succeeded, InvoiceMapping.PaymentStatusFor("Succeeded"));
    }
}
