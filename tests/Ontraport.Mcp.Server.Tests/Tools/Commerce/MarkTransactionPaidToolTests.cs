namespace Ontraport.Mcp.Server.Tests;

/// <summary>mark_transaction_paid: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class MarkTransactionPaidToolTests : CommercePromptHost
{
    [Fact]
    public async Task Mark_invoice_9012_as_paid()
    {
        var answer = (await Host.CallAsync("mark_transaction_paid", new { transaction_id = 9012 })).Ok();

        Assert.Equal("paid", answer["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal("1", Host.DemoAccount.Find(46, 9012)!["status"]);
        Assert.Contains(Host.DemoAccount.All(227), p => p["invoice_id"] == "9012" && p["method"] == "other" && p["status"] == "1");
        Assert.Empty(Host.DemoAccount.Ledger);
    }
}
