using System.Globalization;
using static Ontraport.Mcp.Server.Tests.CommerceReadBack;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>process_transaction: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class ProcessTransactionToolTests : CommercePromptHost
{
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
}

/// <summary>process_transaction once Ontraport accepted it and the read that follows fails (see <see cref="CommerceReadBack"/>).</summary>
public class ProcessTransactionReadBackTests
{
    [Fact]
    public async Task A_new_charge_whose_invoice_cannot_be_read_back_still_answers_charged_with_its_ids()
    {
        await using var host = HostFailingReadsAfter("transaction/processManual");
        await using var client = await host.ConnectAsync();

        var answer = (await client.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299 })).Ok();

        Assert.Equal("299.00 USD", answer["charged"]!.GetValue<string>());
        var invoiceId = answer["invoice_id"]!.GetValue<long>();
        Assert.NotNull(host.DemoAccount.Find(46, invoiceId));
        AssertReadBackFailed(answer, host);
        Assert.Equal(1, host.DemoAccount.CapturedChargesOnCard("4444"));
    }
}
