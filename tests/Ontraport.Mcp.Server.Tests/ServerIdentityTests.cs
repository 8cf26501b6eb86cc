using System.Buffers.Binary;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The server's implementation info as a directory and a client show it: name, title and a 48×48 PNG icon inline as a
/// <c>data:</c> URI (MCP 2025-11-25 and later), in both protocol eras.
/// </summary>
public class ServerIdentityTests
{
    public static TheoryData<string> Eras => new() { "2025-11-25", "2026-07-28" };

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task The_server_has_a_title_and_a_PNG_icon_inline(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        Assert.Equal(era, client.NegotiatedProtocolVersion);
        var info = client.ServerInfo!;
        Assert.Equal("ontraport-mcp", info.Name);
        Assert.Equal("Ontraport MCP server", info.Title);
        var icon = Assert.Single(info.Icons ?? []);
        Assert.Equal("image/png", icon.MimeType);
        Assert.Equal(["48x48"], icon.Sizes);
        Assert.StartsWith("data:image/png;base64,", icon.Source, StringComparison.Ordinal);
        var png = Convert.FromBase64String(icon.Source["data:image/png;base64,".Length..]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal((48, 48), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
    }

    [Fact]
    public async Task In_the_per_request_era_the_icon_rides_on_discovery_not_on_every_answer()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync("2026-07-28");
        var list = await client.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.ToolsList, Params = new JsonObject() });
        var identity = list.Result!["_meta"]![MetaKeys.ServerInfo]!.AsObject();
        Assert.Equal("ontraport-mcp", identity["name"]!.GetValue<string>());
        Assert.False(identity.ContainsKey("icons"), "tools/list repeats the icon");
        Assert.NotNull(client.ServerInfo?.Icons); // server/discover carried it
    }

}
