using System.Text.Json.Nodes;
using Ontraport.Sandbox;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Once Ontraport accepted a charge, a refund or a new invoice, the read that follows is best effort: when it fails
/// (here a 500 on every record read after the request, from the sandbox's fault injection) the answer still says what
/// was done, with the ids Ontraport returned, and that the read-back failed. It is never an error an agent could read
/// as "the charge failed".
/// </summary>
public static class CommerceReadBack
{
    public static ServerHost HostFailingReadsAfter(string path, string reads = "object") =>
        new(("ONTRAPORT_SANDBOX_FAULTS", $"server_error:1:path={reads}:after={path}"),
            ("ONTRAPORT_MCP_RETRY_BASE_DELAY_MS", "0"), ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "100000"));

    public static void AssertReadBackFailed(JsonNode answer, ServerHost host)
    {
        Assert.Contains("could not be read back", answer["read_back"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(host.Sandbox.Faults!.Injected.GetValueOrDefault(SandboxFaultKind.ServerError) > 0, "the read-back was not failed");
    }
}
