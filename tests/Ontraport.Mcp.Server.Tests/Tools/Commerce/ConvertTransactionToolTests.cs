namespace Ontraport.Mcp.Server.Tests;

/// <summary>convert_transaction: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class ConvertTransactionToolTests : CommercePromptHost
{
    [Fact]
    public async Task Add_invoice_7890_to_collections()
    {
        var answer = (await Host.CallAsync("convert_transaction", new { transaction_id = 7890, to = "collections" })).Ok();

        Assert.Equal("collections", answer["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal("0", Host.DemoAccount.Find(46, 7890)!["status"]);
    }
}
