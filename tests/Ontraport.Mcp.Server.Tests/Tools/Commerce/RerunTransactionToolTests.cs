namespace Ontraport.Mcp.Server.Tests;

/// <summary>rerun_transaction: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class RerunTransactionToolTests : CommercePromptHost
{
    [Fact]
    public async Task Retry_the_failed_charge_on_John_Smiths_account()
    {
        var answer = (await Host.CallAsync("rerun_transaction", new { contact = "John Smith" })).Ok();

        Assert.Equal(1238, answer["invoice"]!["id"]!.GetValue<long>());
        Assert.Equal("paid", answer["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal("49.00 USD", answer["charged"]!.GetValue<string>());
        Assert.Equal(1, Host.DemoAccount.CapturedChargesOnCard("4242"));
    }
}
