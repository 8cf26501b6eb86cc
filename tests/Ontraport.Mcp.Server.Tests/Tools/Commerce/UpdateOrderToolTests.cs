namespace Ontraport.Mcp.Server.Tests;

/// <summary>update_order: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class UpdateOrderToolTests : CommercePromptHost
{
    [Fact]
    public async Task Change_John_Smiths_monthly_membership_subscription_to_50_dollars_per_month()
    {
        var answer = (await Host.CallAsync("update_order", new { contact = "John Smith", search = "Membership", price = 50, unit = "month" })).Ok();

        Assert.Equal("49.00 USD per month", answer["before"]!.GetValue<string>());
        Assert.Equal("50.00 USD per month", answer["after"]!.GetValue<string>());
        Assert.Equal("50.00", Host.DemoAccount.Find(52, 1)!["next_charge"]);
        Assert.Equal("50.00", Host.DemoAccount.Find(44, 1)!["next_charge"]);
        Assert.Empty(Host.DemoAccount.Ledger);
    }
}
