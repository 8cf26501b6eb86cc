namespace Ontraport.Mcp.Server.Tests;

/// <summary>validate_offer: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class ValidateOfferToolTests : CommercePromptHost
{
    [Fact]
    public async Task Check_if_the_summer_promo_offer_is_set_up_correctly()
    {
        var answer = (await Host.CallAsync("validate_offer", new { offer_id = "summer promo" })).Ok();

        Assert.Equal("Summer Promo Offer", answer["offer"]!["name"]!.GetValue<string>());
        Assert.False(answer["valid"]!.GetValue<bool>());
        var problems = answer["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains("tax 'California Sales Tax' is 7% in the offer but 7.25% in the account", problems);
        Assert.Contains("hasShipping is on but no shipping method is listed", problems);
        Assert.Contains(answer["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("costs 149.00 USD here but 199.00 USD in the catalog", StringComparison.Ordinal));
        Assert.Equal("159.43 USD", answer["totals"]!["total"]!.GetValue<string>());
    }
}
