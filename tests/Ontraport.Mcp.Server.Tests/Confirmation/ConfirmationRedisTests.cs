using System.Text.Json.Nodes;
using Ontraport.Mcp.Server.Tests.Distributed;
using Ontraport.Testing;
using static Ontraport.Mcp.Server.Tests.Confirmation.ConfirmationClients;

namespace Ontraport.Mcp.Server.Tests.Confirmation;

/// <summary>
/// Two instances on one Redis: a person's yes sealed on one opens on the other (the key ring is shared), and its nonce is
/// claimed in Redis, so replaying the answered state on the other instance charges nothing.
/// </summary>
public sealed class ConfirmationRedisTests
{
    private static JsonObject Charge() => JsonNode.Parse("""{"contact":"Jane Doe","products":[{"product_id":9}],"total":97}""")!.AsObject();

    [RedisFact]
    public async Task A_state_answered_on_one_instance_cannot_be_replayed_on_another()
    {
        await using var group = await InstanceGroup.StartAsync(instances: 2);
        using var first = group.Hosts[0].CreateClient();
        using var second = group.Hosts[1].CreateClient();

        var asked = await group.RunAsync(() => CallRawAsync(first, "process_transaction", Charge()));
        Assert.Equal("input_required", asked["resultType"]!.GetValue<string>());
        var state = asked["requestState"]!.GetValue<string>();

        var done = await group.RunAsync(() => CallRawAsync(second, "process_transaction", Charge(), state, Answer("accept", true)));
        Assert.False(IsError(done), TextOf(done));
        Assert.Equal(1, group.Account.CapturedChargesOnCard("4444"));

        var replayed = await group.RunAsync(() => CallRawAsync(first, "process_transaction", Charge(), state, Answer("accept", true)));
        Assert.True(IsError(replayed));
        Assert.Contains("already been used", TextOf(replayed), StringComparison.Ordinal);
        Assert.Equal(1, group.Account.CapturedChargesOnCard("4444"));
    }
}
