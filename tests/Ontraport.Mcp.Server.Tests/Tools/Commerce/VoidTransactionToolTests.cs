namespace Ontraport.Mcp.Server.Tests;

/// <summary>void_transaction: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class VoidTransactionToolTests : CommercePromptHost
{
    [Fact]
    public async Task Void_the_pending_charge_on_Jane_Does_account()
    {
        var answer = (await Host.CallAsync("void_transaction", new { contact = "Jane Doe" })).Ok();

        Assert.Equal(1241, answer["invoice"]!["id"]!.GetValue<long>());
        Assert.Equal("voided", answer["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal(Sandbox.SandboxLedgerKind.Void, Assert.Single(Host.DemoAccount.Ledger).Kind);
        Assert.Contains(Host.DemoAccount.All(227), p => p["invoice_id"] == "1241" && p["status"] == "3");
    }
}
