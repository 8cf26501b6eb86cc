namespace Ontraport.Mcp.Server.Tests;

/// <summary>update_invoice: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class UpdateInvoiceToolTests : CommercePromptHost
{
    [Fact]
    public async Task Change_the_due_date_of_John_Smiths_draft_invoice_to_April_30th_and_send_it()
    {
        var drafts = (await Host.CallAsync("get_invoices", new { contact = "John Smith", status = "draft" })).Ok();
        var id = Assert.Single(drafts["items"]!.AsArray())!["id"]!.GetValue<long>();
        Assert.Equal(1246, id);

        var updated = (await Host.CallAsync("update_invoice", new { invoice_id = id, due_date = "2027-04-30", status = "open" })).Ok();
        Assert.Equal("open", updated["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal("2027-04-30T07:00:00Z", updated["invoice"]!["due_date"]!.GetValue<string>());

        var sent = (await Host.CallAsync("send_invoice", new { invoice_id = id })).Ok();
        Assert.Equal("john.smith@example.com", sent["sent_to"]!.GetValue<string>());
        Assert.Equal("2026-11-22T15:00:00Z", sent["invoice"]!["date_sent"]!.GetValue<string>());
        Assert.Equal("9", Host.DemoAccount.Find(46, id)!["status"]);
        Assert.Contains(Host.DemoAccount.All(4), l => l["contact_id"] == "1" && l["description"] == "Invoice #1246 sent to john.smith@example.com");
    }
}
