using static Ontraport.Mcp.Server.Tests.CommerceReadBack;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>log_offline_purchase: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class LogOfflinePurchaseToolTests : CommercePromptHost
{
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
}

/// <summary>log_offline_purchase once Ontraport accepted it and the read that follows fails (see <see cref="CommerceReadBack"/>).</summary>
public class LogOfflinePurchaseReadBackTests
{
    [Fact]
    public async Task A_logged_offline_purchase_whose_read_back_fails_is_reported_logged()
    {
        await using var host = HostFailingReadsAfter("transaction/processManual");
        await using var client = await host.ConnectAsync();

        var answer = (await client.CallAsync("log_offline_purchase", new { contact = 1, products = new[] { new { product_id = 9 } }, method = "cash" })).Ok();

        Assert.Equal("97.00 USD", answer["logged"]!.GetValue<string>());
        Assert.NotNull(host.DemoAccount.Find(46, answer["invoice_id"]!.GetValue<long>()));
        AssertReadBackFailed(answer, host);
    }
}
