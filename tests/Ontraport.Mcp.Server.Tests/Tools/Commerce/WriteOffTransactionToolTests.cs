namespace Ontraport.Mcp.Server.Tests;

/// <summary>write_off_transaction: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class WriteOffTransactionToolTests : CommercePromptHost
{
    [Fact]
    public async Task Write_off_invoice_3456()
    {
        var answer = (await Host.CallAsync("write_off_transaction", new { transaction_id = 3456 })).Ok();

        Assert.Equal("written off", answer["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal("6", Host.DemoAccount.Find(46, 3456)!["status"]);
    }
}
