namespace Ontraport.Mcp.Server.Tests;

/// <summary>send_invoice: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class SendInvoiceToolTests : CommercePromptHost
{
    [Fact]
    public async Task Send_invoice_1234_to_John_Smith()
    {
        var answer = (await Host.CallAsync("send_invoice", new { invoice_id = 1234 })).Ok();

        Assert.Equal("john.smith@example.com", answer["sent_to"]!.GetValue<string>());
        Assert.Single(Host.UpstreamRequests(), r => r.Path == "transaction/resendInvoice");
    }
}
