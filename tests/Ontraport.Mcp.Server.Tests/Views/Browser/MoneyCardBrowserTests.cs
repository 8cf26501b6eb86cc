using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Ontraport.Sandbox;
using Xunit.Abstractions;

namespace Ontraport.Mcp.Server.Tests.Views.Browser;

/// <summary>
/// The money card in Chromium inside the ext-apps host, fed real dry runs and results of the commerce tools. Charges and
/// refunds are counted on the sandbox's gateway ledger (the card network's view), not on what the view says: nothing
/// moves until the click, one click moves money exactly once, and nothing a second click or Enter does sends more.
/// </summary>
[Collection(AppsHostCollection.Name)]
public sealed partial class MoneyCardBrowserTests(AppsHostChromium chromium, ITestOutputHelper output)
{
    public static readonly object ChargePreview = new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299, dry_run = true };

    public static readonly object RefundPreview = new { contact = "John Smith", amount = 299, since = "14 days ago", dry_run = true };

    [ViewsBrowserFact]
    public async Task A_charge_preview_shows_what_will_happen_and_charges_exactly_once_after_one_click()
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        var preview = ViewSession.Answer(await session.RenderAsync("process_transaction", ChargePreview));
        output.WriteLine("preview: " + preview.ToJsonString());
        var confirmation = preview["confirmation"]!.GetValue<string>();
        var card = session.View.Locator("body");

        await Assertions.Expect(card).ToContainTextAsync("Jane Doe");
        await Assertions.Expect(card).ToContainTextAsync("ending 4444");
        await Assertions.Expect(card).ToContainTextAsync("299.00");
        await Assertions.Expect(card).ToContainTextAsync("USD");
        await Assertions.Expect(card).ToContainTextAsync(preview["gateway"]!.GetValue<string>());
        var charge = session.View.GetByRole(AriaRole.Button, new() { NameRegex = ChargeButton() });
        await Assertions.Expect(charge).ToBeVisibleAsync();
        await Assertions.Expect(charge).ToHaveAccessibleNameAsync(new Regex(@"299\.00"));

        // Rendering the preview moved nothing.
        await session.SettleAsync();
        Assert.Empty(session.Host.DemoAccount.Ledger);
        Assert.Empty(session.Host.Writes);
        Assert.Empty(await session.SentAsync("tools/call"));

        await charge.ClickAsync();
        await Assertions.Expect(card).ToContainTextAsync("Charged");
        await session.SettleAsync();

        var call = Assert.Single(await session.SentAsync("tools/call"));
        Assert.Equal("process_transaction", call["name"]!.GetValue<string>());
        var arguments = call["arguments"]!.AsObject();
        Assert.Equal(confirmation, arguments["confirmation"]!.GetValue<string>());
        Assert.False(arguments["dry_run"]?.GetValue<bool>() ?? false, "the click must not ask for another dry run");
        Assert.Equal("Jane Doe", arguments["contact"]!.GetValue<string>());
        Assert.Equal(299, arguments["total"]!.GetValue<decimal>());
        Assert.Single(session.ViewCalls);
        Assert.Equal(1, session.Host.DemoAccount.CapturedChargesOnCard("4444"));
        Assert.Single(session.Host.DemoAccount.Ledger);

        // A second click or Enter sends nothing more: the button is gone or disabled.
        if (await charge.CountAsync() > 0)
        {
            await Assertions.Expect(charge).ToBeDisabledAsync();
            await charge.ClickAsync(new() { Force = true });
            await charge.FocusAsync();
            await session.Page.Keyboard.PressAsync("Enter");
        }

        await session.SettleAsync();
        Assert.Single(await session.SentAsync("tools/call"));
        Assert.Single(session.ViewCalls);
        Assert.Equal(1, session.Host.DemoAccount.CapturedChargesOnCard("4444"));
    }

    [ViewsBrowserFact]
    public async Task Without_a_click_nothing_is_charged_even_after_a_theme_change()
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        await session.RenderAsync("process_transaction", ChargePreview);
        await Assertions.Expect(session.View.GetByRole(AriaRole.Button, new() { NameRegex = ChargeButton() })).ToBeVisibleAsync();

        var frame = await session.FrameAsync();
        Assert.Equal("rgb(255, 255, 255)", await frame.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        await session.SetThemeAsync("dark"); // ui/notifications/host-context-changed: the view follows without reloading
        await session.SettleAsync();
        Assert.Equal("rgb(38, 38, 36)", await frame.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        await Assertions.Expect(session.View.GetByRole(AriaRole.Button, new() { NameRegex = ChargeButton() })).ToBeEnabledAsync();

        Assert.Empty(await session.SentAsync("tools/call"));
        Assert.Empty(session.Host.DemoAccount.Ledger);
        Assert.Empty(session.Host.Writes);
    }

    [ViewsBrowserFact]
    public async Task A_click_after_the_confirmation_expired_charges_nothing_shows_why_and_is_not_retried()
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        await session.RenderAsync("process_transaction", ChargePreview);
        var charge = session.View.GetByRole(AriaRole.Button, new() { NameRegex = ChargeButton() });
        await Assertions.Expect(charge).ToBeVisibleAsync();
        session.Host.Clock.Advance(TimeSpan.FromMinutes(11)); // the person waited past the confirmation's 10 minutes

        await charge.ClickAsync();
        var alert = session.View.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("expired");
        if (await charge.CountAsync() > 0)
        {
            await Assertions.Expect(charge).ToBeDisabledAsync();
            await charge.ClickAsync(new() { Force = true });
        }

        await session.SettleAsync();
        Assert.Single(await session.SentAsync("tools/call"));
        Assert.Single(session.ViewCalls);
        Assert.Empty(session.Host.DemoAccount.Ledger);
        Assert.Empty(session.Host.Writes);
        await session.ScreenshotAsync("money-card-expired");
    }

    [ViewsBrowserFact]
    public async Task A_refund_preview_offers_Refund_with_the_amount_and_refunds_once_after_the_click()
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        var preview = ViewSession.Answer(await session.RenderAsync("refund_transaction", RefundPreview));
        output.WriteLine("preview: " + preview.ToJsonString());
        var card = session.View.Locator("body");

        await Assertions.Expect(card).ToContainTextAsync("John Smith");
        await Assertions.Expect(card).ToContainTextAsync("299.00");
        var refund = session.View.GetByRole(AriaRole.Button, new() { NameRegex = RefundButton() });
        await Assertions.Expect(refund).ToHaveAccessibleNameAsync(new Regex(@"299\.00"));
        await session.SettleAsync();
        Assert.Empty(session.Host.DemoAccount.Ledger);
        Assert.Empty(session.Host.Writes);

        await refund.ClickAsync();
        await Assertions.Expect(card).ToContainTextAsync("Refunded");
        await session.SettleAsync();

        var call = Assert.Single(await session.SentAsync("tools/call"));
        Assert.Equal("refund_transaction", call["name"]!.GetValue<string>());
        Assert.Equal(preview["confirmation"]!.GetValue<string>(), call["arguments"]!["confirmation"]!.GetValue<string>());
        var entry = Assert.Single(session.Host.DemoAccount.Ledger);
        Assert.Equal(SandboxLedgerKind.Refund, entry.Kind);
        Assert.Equal(299m, entry.Amount);
    }

    [ViewsBrowserFact]
    public async Task A_charge_result_shows_the_items_and_has_no_button()
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        var result = ViewSession.Answer(await session.RenderAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299 }));
        Assert.Equal(1, session.Host.DemoAccount.CapturedChargesOnCard("4444")); // the model's own call, before the view
        var card = session.View.Locator("body");

        await Assertions.Expect(card).ToContainTextAsync("Jane Doe");
        await Assertions.Expect(card).ToContainTextAsync("ending 4444");
        await Assertions.Expect(card).ToContainTextAsync(result["invoice"]!["items"]![0]!["name"]!.GetValue<string>());
        await Assertions.Expect(card).ToContainTextAsync("299.00");
        await Assertions.Expect(session.View.GetByRole(AriaRole.Button, new() { NameRegex = ChargeButton() })).ToHaveCountAsync(0);
        await session.SettleAsync();
        Assert.Empty(await session.SentAsync("tools/call"));
        Assert.Equal(1, session.Host.DemoAccount.CapturedChargesOnCard("4444"));
    }

    [GeneratedRegex("^Charge")]
    public static partial Regex ChargeButton();

    [GeneratedRegex("^Refund")]
    public static partial Regex RefundButton();
}
