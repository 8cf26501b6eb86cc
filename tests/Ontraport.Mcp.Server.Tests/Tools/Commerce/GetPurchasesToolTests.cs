namespace Ontraport.Mcp.Server.Tests;

/// <summary>get_purchases: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class GetPurchasesToolTests : CommercePromptHost
{
    [Fact]
    public async Task What_products_has_John_Smith_bought_from_us()
    {
        var page = (await Host.CallAsync("get_purchases", new { contact = "John Smith" })).Ok();

        var products = page["items"]!.AsArray().Select(i => i!["product"]!.GetValue<string>()).ToList();
        Assert.Equal(["Three Marketeers Annual Subscription", "Three Marketeers Membership", "Three Marketeers Membership", "Three Marketeers Membership"], products);
        var first = page["items"]![0]!;
        Assert.Equal("299.00 USD", first["total"]!.GetValue<string>());
        Assert.Equal("paid", first["status"]!.GetValue<string>());
        Assert.Equal("one-time", first["type"]!.GetValue<string>());
        Assert.Equal("TM-002", first["sku"]!.GetValue<string>());
        Assert.Contains("Twelve months", first["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("subscription", page["items"]![1]!["type"]!.GetValue<string>());
        Assert.Equal("446.00 USD", page["sum_of_totals"]!.GetValue<string>());
    }
}
