using static Ontraport.Mcp.Server.Tests.CommerceReadBack;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>pay_invoice: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class PayInvoiceToolTests : CommercePromptHost
{
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
}

/// <summary>pay_invoice once Ontraport accepted it and the read that follows fails (see <see cref="CommerceReadBack"/>).</summary>
public class PayInvoiceReadBackTests
{
    [Fact]
    public async Task A_paid_invoice_whose_read_back_fails_is_reported_as_charged_not_as_missing()
    {
        await using var host = HostFailingReadsAfter("Transaction/payInvoice");
        await using var client = await host.ConnectAsync();

        var answer = (await client.CallAsync("pay_invoice", new { invoice_id = 1234 })).Ok();

        Assert.Equal("500.00 USD", answer["charged"]!.GetValue<string>());
        Assert.Equal(1234, answer["invoice_id"]!.GetValue<long>());
        Assert.Equal("Visa ending 4242", answer["card"]!.GetValue<string>());
        AssertReadBackFailed(answer, host);
        Assert.True(Assert.Single(host.DemoAccount.Ledger).IsCapturedCharge);
    }
}
