namespace Ontraport.Mcp.Server.Tests;

/// <summary>get_invoices: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class GetInvoicesToolTests : CommercePromptHost
{
    [Fact]
    public async Task Show_me_all_open_invoices_from_this_month()
    {
        var page = (await Host.CallAsync("get_invoices", new { status = "open", since = "this month" })).Ok();

        var ids = page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ToList();
        Assert.Equal([1242, 1234, 1244, 9012], ids); // newest first
        Assert.All(page["items"]!.AsArray(), i => Assert.Equal("open", i!["status"]!.GetValue<string>()));
        Assert.Equal(4, page["count"]!.GetValue<int>());
        Assert.Equal("3,549.00 USD", page["sum_of_totals"]!.GetValue<string>());
        Assert.Equal("2026-11-01T07:00:00Z", page["created"]!["since"]!.GetValue<string>()); // the account's time zone (Los Angeles)
        var john = page["items"]![1]!;
        Assert.Equal("John Smith", john["contact"]!["name"]!.GetValue<string>());
        Assert.Equal("500.00 USD", john["total"]!.GetValue<string>());
        Assert.Equal("1 × Consulting", john["products"]!.GetValue<string>());
        Assert.Equal(3, page["items"]![2]!["overdue_days"]!.GetValue<int>());
    }
}
