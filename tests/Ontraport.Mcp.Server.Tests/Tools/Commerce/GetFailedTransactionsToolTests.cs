using static Ontraport.Mcp.Server.Tests.TestValues;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>get_failed_transactions: the seed's Commerce prompt for it, as the tool call an agent makes, on the demo account.</summary>
public class GetFailedTransactionsToolTests : CommercePromptHost
{
    [Fact]
    public async Task Which_invoices_are_declined_or_overdue_right_now()
    {
        var page = (await Host.CallAsync("get_failed_transactions")).Ok();

        var items = page["items"]!.AsArray();
        Assert.Equal([1238, 1245, 7890, 1244, 1230], items.Select(i => i!["id"]!.GetValue<long>()));
        Assert.Equal(["declined", "declined", "declined", "open", "declined"], items.Select(i => i!["status"]!.GetValue<string>()));
        Assert.Equal(3, items[3]!["overdue_days"]!.GetValue<int>());
        Assert.Equal(2, items[2]!["attempts"]!.GetValue<int>());
        Assert.Equal(items.Sum(i => Amount(i!["total"])), Amount(page["outstanding"]));
    }
}
