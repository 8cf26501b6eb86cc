using static Ontraport.Mcp.Server.Tests.CommerceReadBack;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>refund_transaction: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class RefundTransactionToolTests : CommercePromptHost
{
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
}

/// <summary>refund_transaction once Ontraport accepted it and the read that follows fails (see <see cref="CommerceReadBack"/>).</summary>
public class RefundTransactionReadBackTests
{
    [Fact]
    public async Task A_refund_whose_read_back_fails_is_reported_refunded()
    {
        await using var host = HostFailingReadsAfter("transaction/refund");
        await using var client = await host.ConnectAsync();
        var charged = (await client.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 9 } }, total = 97 })).Ok();
        var id = charged["invoice"]!["id"]!.GetValue<long>();

        var answer = (await client.CallAsync("refund_transaction", new { transaction_id = id })).Ok();

        Assert.Equal("97.00 USD", answer["refunded"]!.GetValue<string>());
        Assert.Equal(id, answer["invoice_id"]!.GetValue<long>());
        Assert.Equal("2", host.DemoAccount.Find(46, id)!["status"]);
        AssertReadBackFailed(answer, host);
    }
}
