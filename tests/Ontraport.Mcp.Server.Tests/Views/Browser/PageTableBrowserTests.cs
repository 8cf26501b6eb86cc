using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ontraport.Mcp.Server.Tests.Views.Browser;

/// <summary>
/// The page table in Chromium inside the ext-apps host, fed real get_objects pages: its rows are the answer's records,
/// it says how much of the set is shown, and "Next page" makes exactly one tools/call (through the host and the real
/// SDK client) with the same arguments and start advanced, then shows what that call returned.
/// </summary>
[Collection(AppsHostCollection.Name)]
public sealed class PageTableBrowserTests(AppsHostChromium chromium, ITestOutputHelper output)
{
    [ViewsBrowserFact]
    public async Task The_table_shows_the_page_says_how_much_of_the_set_it_is_and_pages_on_with_one_call()
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        var page = ViewSession.Answer(await session.RenderAsync("get_objects", new { object_type = "contacts", limit = 5 }));
        var total = page["count"]!.GetValue<int>();
        Assert.True(total > 10, page.ToJsonString());

        var table = session.View.GetByRole(AriaRole.Table);
        await AssertShowsAsync(table, page);
        await Assertions.Expect(session.View.Locator("body")).ToContainTextAsync(Range(1, 5, total));
        await Assertions.Expect(session.View.GetByRole(AriaRole.Columnheader)).ToHaveCountAsync(page["columns"]!.AsArray().Count);

        await session.View.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Assertions.Expect(session.View.Locator("body")).ToContainTextAsync(Range(6, 10, total));
        await session.SettleAsync();

        var call = Assert.Single(await session.SentAsync("tools/call"));
        Assert.Equal("get_objects", call["name"]!.GetValue<string>());
        var arguments = call["arguments"]!.AsObject();
        Assert.Equal("contacts", arguments["object_type"]!.GetValue<string>());
        Assert.Equal(5, arguments["limit"]!.GetValue<int>());
        Assert.Equal(5, arguments["start"]!.GetValue<int>());
        Assert.Equal(3, arguments.Count);
        Assert.Single(session.ViewCalls); // and the SDK client sent exactly that one on

        var next = ViewSession.Answer(await session.CallAsync("get_objects", new { object_type = "contacts", limit = 5, start = 5 }));
        await AssertShowsAsync(table, next);
    }

    [ViewsBrowserFact]
    public async Task On_the_last_page_Next_page_is_disabled_and_sends_nothing()
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        var total = ViewSession.Answer(await session.CallAsync("count_objects", new { object_type = "contacts" }))["count"]!.GetValue<int>();
        var page = ViewSession.Answer(await session.RenderAsync("get_objects", new { object_type = "contacts", limit = 5, start = total - 3 }));
        Assert.Equal(3, page["returned"]!.GetValue<int>());

        await AssertShowsAsync(session.View.GetByRole(AriaRole.Table), page);
        await Assertions.Expect(session.View.Locator("body")).ToContainTextAsync(Range(total - 2, total, total));
        var nextButton = session.View.GetByRole(AriaRole.Button, new() { Name = "Next page" });
        await Assertions.Expect(nextButton).ToBeDisabledAsync();
        await nextButton.ClickAsync(new() { Force = true }); // a real mouse click on it, past Playwright's own enabled check
        await session.SettleAsync();
        Assert.True((await session.SentAsync("tools/call")).Count == 0, "a disabled Next page sent: " + await session.HostLogAsync());
        Assert.Empty(session.ViewCalls);
    }

    [ViewsBrowserFact]
    public async Task An_empty_page_says_so_in_a_status_and_has_no_rows()
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        var page = ViewSession.Answer(await session.RenderAsync("get_objects", new { object_type = "contacts", search = "no-such-person-anywhere", limit = 5 }));
        Assert.Equal(0, page["count"]?.GetValue<int>() ?? 0);

        await Assertions.Expect(session.View.GetByRole(AriaRole.Status).Or(session.View.GetByRole(AriaRole.Alert)).First).ToBeVisibleAsync();
        await Assertions.Expect(session.View.Locator("tbody tr")).ToHaveCountAsync(0);
    }

    [ViewsBrowserFact]
    public async Task A_long_page_shows_what_fits_in_500_px_says_how_much_of_it_that_is_and_pages_on_with_one_call()
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        var page = ViewSession.Answer(await session.RenderAsync("get_objects", new { object_type = "contacts", limit = 20 }));
        var items = page["items"]!.AsArray();
        Assert.Equal(20, items.Count);

        var rows = session.View.GetByRole(AriaRole.Table).Locator("tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var shown = await rows.CountAsync();
        Assert.InRange(shown, 1, items.Count);
        for (var i = 0; i < shown; i++)
        {
            await Assertions.Expect(rows.Nth(i)).ToContainTextAsync(items[i]!["email"]!.GetValue<string>());
        }

        await Assertions.Expect(session.View.Locator("body")).ToContainTextAsync(Range(1, 20, page["count"]!.GetValue<int>()));
        if (shown < items.Count)
        {
            // It says plainly that only part of the page is on screen.
            await Assertions.Expect(session.View.Locator("body")).ToContainTextAsync(new System.Text.RegularExpressions.Regex($@"(^|\D){shown} [^.]*\b{items.Count}\b"));
        }

        Assert.InRange(await session.FrameHeightAsync(), 40, 500);

        await session.View.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Assertions.Expect(session.View.Locator("body")).ToContainTextAsync("21\u201340 of");
        await session.SettleAsync();
        var call = Assert.Single(await session.SentAsync("tools/call"));
        Assert.Equal(20, call["arguments"]!["start"]!.GetValue<int>());
        Assert.Equal(20, call["arguments"]!["limit"]!.GetValue<int>());
        Assert.Single(session.ViewCalls);
    }

    /// <summary>The table's body rows are the answer's items, in order: each row holds the item's values.</summary>
    private static async Task AssertShowsAsync(ILocator table, JsonNode page)
    {
        var items = page["items"]!.AsArray();
        var rows = table.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i]!.AsObject();
            foreach (var key in new[] { "firstname", "lastname", "email" })
            {
                await Assertions.Expect(rows.Nth(i)).ToContainTextAsync(item[key]!.GetValue<string>());
            }
        }
    }

    /// <summary>"1–5 of 200" (an en dash, as the contract says).</summary>
    private static string Range(int from, int to, int total) => $"{from}\u2013{to} of {total}";
}
