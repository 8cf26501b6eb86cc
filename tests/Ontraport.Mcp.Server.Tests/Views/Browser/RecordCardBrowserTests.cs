using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ontraport.Mcp.Server.Tests.Views.Browser;

/// <summary>
/// The record card in Chromium inside the ext-apps host, fed the real get_objects answer for contact 1: the heading is
/// the record's name, its fields are visible, and "Open in Ontraport" asks the host to open the record's url.
/// </summary>
[Collection(AppsHostCollection.Name)]
public sealed class RecordCardBrowserTests(AppsHostChromium chromium, ITestOutputHelper output)
{
    private static readonly object Contact1 = new { object_type = "contacts", id = 1 };

    [ViewsBrowserFact]
    public async Task The_card_shows_the_record_and_Open_in_Ontraport_asks_the_host_to_open_its_url()
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        Assert.Equal("2026-07-28", session.Client.NegotiatedProtocolVersion);
        var answer = ViewSession.Answer(await session.RenderAsync("get_objects", Contact1));
        var record = RecordOf(answer);

        await Assertions.Expect(session.View.GetByRole(AriaRole.Heading, new() { Name = DisplayName(record) })).ToBeVisibleAsync();
        await Assertions.Expect(session.View.Locator("body")).ToContainTextAsync(record["email"]!.GetValue<string>());
        await Assertions.Expect(session.View.Locator("body")).ToContainTextAsync(record["office_phone"]!.GetValue<string>());

        await OpenInOntraport(session.View).ClickAsync();
        await session.SettleAsync();

        var link = Assert.Single(await session.SentAsync("ui/open-link"));
        Assert.Equal(record["url"]!.GetValue<string>(), link["url"]!.GetValue<string>());
        Assert.Empty(await session.SentAsync("tools/call"));
        Assert.Empty(session.ViewCalls);
        // The view asked; it did not navigate its own frame away.
        Assert.Equal("about:srcdoc", (await session.FrameAsync()).Url);
    }

    [ViewsBrowserFact]
    public async Task The_card_renders_the_same_when_the_result_arrives_before_the_input()
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        var record = RecordOf(ViewSession.Answer(await session.RenderAsync("get_objects", Contact1, resultFirst: true)));

        await Assertions.Expect(session.View.GetByRole(AriaRole.Heading, new() { Name = DisplayName(record) })).ToBeVisibleAsync();
        await Assertions.Expect(OpenInOntraport(session.View)).ToBeVisibleAsync();
    }

    [ViewsBrowserFact]
    public async Task In_the_2025_11_25_era_get_objects_names_the_same_view_and_it_renders_the_record()
    {
        await using var session = await ViewSession.StartAsync(chromium, output, protocolVersion: "2025-11-25");
        Assert.Equal("2025-11-25", session.Client.NegotiatedProtocolVersion);
        var record = RecordOf(ViewSession.Answer(await session.RenderAsync("get_objects", Contact1)));

        await Assertions.Expect(session.View.GetByRole(AriaRole.Heading, new() { Name = DisplayName(record) })).ToBeVisibleAsync();
        await OpenInOntraport(session.View).ClickAsync();
        await session.SettleAsync();
        Assert.Equal(record["url"]!.GetValue<string>(), Assert.Single(await session.SentAsync("ui/open-link"))["url"]!.GetValue<string>());
    }

    [ViewsBrowserFact]
    public async Task A_fetch_answer_renders_as_the_record_card()
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        var document = ViewSession.Answer(await session.RenderAsync("fetch", new { id = "deals/1234" }));
        await Assertions.Expect(session.View.GetByRole(AriaRole.Heading, new() { Name = document["title"]!.GetValue<string>() })).ToBeVisibleAsync();
        await Assertions.Expect(session.View.Locator("body")).ToContainTextAsync("Sarah Johnson (5)"); // the document's Primary Contact line
        await OpenInOntraport(session.View).ClickAsync();
        await session.SettleAsync();
        Assert.Equal(document["url"]!.GetValue<string>(), Assert.Single(await session.SentAsync("ui/open-link"))["url"]!.GetValue<string>());
    }

    /// <summary>"Open in Ontraport", as a link or a button (the contract allows either).</summary>
    public static ILocator OpenInOntraport(IFrameLocator view) =>
        view.GetByRole(AriaRole.Link, new() { Name = "Open in Ontraport" }).Or(view.GetByRole(AriaRole.Button, new() { Name = "Open in Ontraport" }));

    /// <summary>The record of a get_objects answer for one id (the answer itself, or its single item).</summary>
    public static JsonObject RecordOf(JsonNode answer) =>
        (answer["items"] is JsonArray items ? Assert.Single(items)! : answer).AsObject();

    public static string DisplayName(JsonObject record) =>
        record["name"]?.GetValue<string>() ?? $"{record["firstname"]!.GetValue<string>()} {record["lastname"]!.GetValue<string>()}";
}
