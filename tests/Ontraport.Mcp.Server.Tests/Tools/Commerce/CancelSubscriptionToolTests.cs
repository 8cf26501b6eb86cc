namespace Ontraport.Mcp.Server.Tests;

/// <summary>cancel_subscription: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class CancelSubscriptionToolTests : CommercePromptHost
{
    [Fact]
    public async Task Cancel_John_Smiths_monthly_Three_Marketeers_Membership_subscription()
    {
        var answer = (await Host.CallAsync("cancel_subscription", new { contact = "John Smith", search = "Membership" })).Ok();

        Assert.Equal("Three Marketeers Membership", answer["cancelled"]!.GetValue<string>());
        Assert.Equal("cancelled", answer["order"]!["status"]!.GetValue<string>());
        Assert.Equal("1", Host.DemoAccount.Find(52, 1)!["status"]);
        Assert.Null(Host.DemoAccount.Find(44, 1));
    }
}
