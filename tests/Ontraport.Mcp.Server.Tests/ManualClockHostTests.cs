namespace Ontraport.Mcp.Server.Tests;

public class ManualClockHostTests
{
    [Fact]
    public async Task A_host_can_run_on_a_manual_clock_shared_with_its_sandbox()
    {
        var time = new Ontraport.Testing.FakeClock(new DateTimeOffset(2030, 1, 15, 12, 0, 0, TimeSpan.Zero));
        await using var host = new ServerHost(time);
        await using var client = await host.ConnectAsync();
        Assert.Equal(new DateTimeOffset(2030, 1, 15, 12, 0, 0, TimeSpan.Zero), host.DemoAccount.CreatedAt);
        var recent = (await client.CallAsync("get_objects", new { object_type = "contacts", condition = "date within last 30 days", limit = 1 })).Ok();
        Assert.Equal(14, recent["count"]!.GetValue<int>());
    }
}
