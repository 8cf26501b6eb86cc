using Ontraport.Sandbox;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// assign_task creates records: once Ontraport accepted it, the read of the new tasks is best effort. When every
/// collection read after <c>task/assign</c> fails (sandbox fault injection), the answer still says how many tasks were
/// created and that they could not be read back; it is not an error that would invite a second assignment.
/// </summary>
public class ManageReadBackTests
{
    [Fact]
    public async Task Assigned_tasks_whose_read_back_fails_are_reported_assigned()
    {
        await using var host = new ServerHost(("ONTRAPORT_SANDBOX_FAULTS", "server_error:1:path=objects:after=task/assign"),
            ("ONTRAPORT_MCP_RETRY_BASE_DELAY_MS", "0"), ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "100000"));
        await using var client = await host.ConnectAsync();
        var before = host.DemoAccount.Count(1);

        var answer = (await client.CallAsync("assign_task", new { task_message = "Demo follow-up", owner = "Sarah", contact = "John Smith" })).Ok();

        Assert.Equal(1, answer["assigned"]!.GetValue<int>());
        Assert.Contains("could not be read back", answer["read_back"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before + 1, host.DemoAccount.Count(1));
        Assert.True(host.Sandbox.Faults!.Injected.GetValueOrDefault(SandboxFaultKind.ServerError) > 0);
        Assert.Single(host.DemoAccount.Requests, r => r.Path == "task/assign");
    }
}
