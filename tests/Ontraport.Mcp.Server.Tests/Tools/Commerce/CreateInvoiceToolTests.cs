using static Ontraport.Mcp.Server.Tests.CommerceReadBack;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>create_invoice: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class CreateInvoiceToolTests : CommercePromptHost
{
    [Fact]
    public async Task Create_a_draft_invoice_for_John_Smith_for_500_dollars_for_consulting_services()
    {
        var answer = (await Host.CallAsync("create_invoice", new { contact = "John Smith", products = new[] { new { product_id = 3, price = 500 } }, total = 500 })).Ok();

        var invoice = answer["invoice"]!;
        Assert.Equal("draft", invoice["status"]!.GetValue<string>());
        Assert.Equal("500.00 USD", invoice["total"]!.GetValue<string>());
        Assert.Equal("Consulting", invoice["items"]![0]!["name"]!.GetValue<string>());
        Assert.Contains("update_invoice", answer["next"]!.GetValue<string>(), StringComparison.Ordinal);
        var stored = Host.DemoAccount.Find(46, invoice["id"]!.GetValue<long>())!;
        Assert.Equal("8", stored["status"]);
        Assert.Equal("1", stored["contact_id"]);
        Assert.Equal("500.00", stored["total"]);
        Assert.Empty(Host.DemoAccount.Ledger);
    }
}

/// <summary>create_invoice once Ontraport accepted it and the read that follows fails (see <see cref="CommerceReadBack"/>).</summary>
public class CreateInvoiceReadBackTests
{
    [Fact]
    public async Task A_created_invoice_whose_read_back_fails_is_reported_created_with_its_id()
    {
        await using var host = HostFailingReadsAfter("Transaction/createInvoice");
        await using var client = await host.ConnectAsync();

        var answer = (await client.CallAsync("create_invoice", new { contact = "John Smith", products = new[] { new { product_id = 3, price = 500 } }, total = 500 })).Ok();

        var id = answer["invoice_id"]!.GetValue<long>();
        Assert.Equal("draft", answer["status"]!.GetValue<string>());
        Assert.Equal("1", host.DemoAccount.Find(46, id)!["contact_id"]);
        AssertReadBackFailed(answer, host);
    }
}
