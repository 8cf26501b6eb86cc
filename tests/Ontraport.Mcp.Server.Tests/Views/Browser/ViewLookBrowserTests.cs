using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ontraport.Mcp.Server.Tests.Views.Browser;

/// <summary>
/// What every view owes a person, checked in Chromium on real answers: light and dark themes from the host's context
/// (screenshots kept as artifacts, and in docs/views with UPDATE_VIEW_SCREENSHOTS=1), at most 500 px high with no
/// nested scrolling, text contrast of at least 4.5:1 (WCAG AA) in both themes, targets of at least 44 px, every control
/// reached by Tab in order with a visible focus and working from the keyboard, and readable error and empty states.
/// </summary>
[Collection(AppsHostCollection.Name)]
public sealed class ViewLookBrowserTests(AppsHostChromium chromium, ITestOutputHelper output)
{
    public static TheoryData<string, string> ViewsAndThemes => new()
    {
        { "record-card", "light" }, { "record-card", "dark" },
        { "page-table", "light" }, { "page-table", "dark" },
        { "money-card", "light" }, { "money-card", "dark" },
    };

    /// <summary>The real call each view is shown with.</summary>
    private static (string Tool, object Arguments) Call(string view) => view switch
    {
        "record-card" => ("get_objects", new { object_type = "contacts", id = 1 }),
        "page-table" => ("get_objects", new { object_type = "contacts", limit = 5 }),
        "money-card" => ("process_transaction", MoneyCardBrowserTests.ChargePreview),
        _ => throw new ArgumentOutOfRangeException(nameof(view)),
    };

    [ViewsBrowserTheory]
    [MemberData(nameof(ViewsAndThemes))]
    public async Task Each_view_follows_the_theme_fits_500_px_without_inner_scrolling_and_its_text_meets_AA_contrast(string view, string theme)
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        var (tool, arguments) = Call(view);
        await session.RenderAsync(tool, arguments, theme);
        await Assertions.Expect(session.View.GetByRole(AriaRole.Button).First).ToBeVisibleAsync();
        var frame = await session.FrameAsync();

        // The view said how high it is (ui/notifications/size-changed) and the host sized the iframe to exactly that.
        var height = await session.FrameHeightAsync();
        Assert.InRange(height, 40, 500);
        var scroll = JsonNode.Parse(await frame.EvaluateAsync<string>(Scripts.Scrolling))!;
        Assert.True(scroll["document"]!["scrollHeight"]!.GetValue<double>() <= scroll["document"]!["clientHeight"]!.GetValue<double>() + 1, "the view scrolls inside its frame: " + scroll);
        Assert.True(scroll["inner"]!.AsArray().Count == 0, "nested scrolling areas: " + scroll["inner"]);
        Assert.True(scroll["cut"]!.AsArray().Count == 0, "content wider than the 720 px frame (cut off or scrolled sideways): " + scroll["cut"]);

        // No placeholder leaked into the text a person reads.
        var words = await frame.EvaluateAsync<string>("() => document.body.innerText");
        Assert.DoesNotMatch(@"\b(null|undefined|NaN)\b|\[object ", words);

        // The theme came from the host's context: the page's background is the host's --color-background-primary.
        var background = await frame.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal(theme == "light" ? "rgb(255, 255, 255)" : "rgb(38, 38, 36)", background);

        var contrast = JsonNode.Parse(await frame.EvaluateAsync<string>(Scripts.Contrast))!.AsArray();
        output.WriteLine($"{view} {theme}: height {height} px; lowest text contrast " +
            string.Join(", ", contrast.OrderBy(c => c!["ratio"]!.GetValue<double>()).Take(3).Select(c => c!.ToJsonString())));
        Assert.NotEmpty(contrast);
        var weak = contrast.Where(c => c!["ratio"]!.GetValue<double>() < 4.5).Select(c => c!.ToJsonString()).ToList();
        Assert.True(weak.Count == 0, "text below 4.5:1: " + string.Join("; ", weak));

        await session.ScreenshotAsync($"{view}-{theme}", publish: true);
    }

    [ViewsBrowserTheory]
    [InlineData("record-card")]
    [InlineData("page-table")]
    [InlineData("money-card")]
    public async Task Tab_reaches_every_control_in_order_with_a_visible_focus_and_each_has_a_name_and_44_px(string view)
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        var (tool, arguments) = Call(view);
        await session.RenderAsync(tool, arguments);
        await Assertions.Expect(session.View.GetByRole(AriaRole.Button).First).ToBeVisibleAsync();
        var frame = await session.FrameAsync();

        var controls = JsonNode.Parse(await frame.EvaluateAsync<string>(Scripts.Controls))!.AsArray();
        Assert.NotEmpty(controls);
        foreach (var control in controls)
        {
            Assert.False(string.IsNullOrWhiteSpace(control!["name"]!.GetValue<string>()), "a control without an accessible name: " + control);
            Assert.True(control["width"]!.GetValue<double>() >= 44 && control["height"]!.GetValue<double>() >= 44, "a target under 44 px: " + control);
        }

        // From the host page, Tab walks into the view and through its enabled controls in document order.
        await session.Page.Locator("body").ClickAsync(new() { Position = new Position { X = 2, Y = 2 } });
        var reached = new List<JsonNode>();
        for (var presses = 0; presses < controls.Count + 3 && reached.Count < controls.Count(c => !c!["disabled"]!.GetValue<bool>()); presses++)
        {
            await session.Page.Keyboard.PressAsync("Tab");
            var focused = JsonNode.Parse(await frame.EvaluateAsync<string>(Scripts.Focused));
            if (focused is not null)
            {
                reached.Add(focused);
            }
        }

        var expected = controls.Where(c => !c!["disabled"]!.GetValue<bool>()).Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(expected, reached.Select(r => r["name"]!.GetValue<string>()).ToList());
        foreach (var focused in reached)
        {
            Assert.True(focused["visible"]!.GetValue<bool>(), "focus is not visible on " + focused);
        }

        await session.ScreenshotAsync($"{view}-keyboard-focus");
    }

    [ViewsBrowserFact]
    public async Task Enter_and_Space_work_the_controls_from_the_keyboard()
    {
        await using var session = await ViewSession.StartAsync(chromium, output);

        // Enter on "Open in Ontraport" asks the host to open the record.
        await session.RenderAsync("get_objects", new { object_type = "contacts", id = 1 });
        await RecordCardBrowserTests.OpenInOntraport(session.View).FocusAsync();
        await session.Page.Keyboard.PressAsync("Enter");
        await session.SettleAsync();
        Assert.Single(await session.SentAsync("ui/open-link"));

        // Space on "Next page" pages on with one call.
        await session.RenderAsync("get_objects", new { object_type = "contacts", limit = 5 });
        await session.View.GetByRole(AriaRole.Button, new() { Name = "Next page" }).FocusAsync();
        await session.Page.Keyboard.PressAsync(" ");
        await Assertions.Expect(session.View.Locator("body")).ToContainTextAsync("6\u201310 of");
        await session.SettleAsync();
        Assert.Equal(5, Assert.Single(await session.SentAsync("tools/call"))["arguments"]!["start"]!.GetValue<int>());

        // Enter on "Charge …" charges once; a second Enter sends nothing.
        await session.RenderAsync("process_transaction", MoneyCardBrowserTests.ChargePreview);
        var charge = session.View.GetByRole(AriaRole.Button, new() { NameRegex = MoneyCardBrowserTests.ChargeButton() });
        await charge.FocusAsync();
        await session.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(session.View.Locator("body")).ToContainTextAsync("Charged");
        await session.Page.Keyboard.PressAsync("Enter");
        await session.SettleAsync();
        Assert.Single(await session.SentAsync("tools/call"));
        Assert.Equal(1, session.Host.DemoAccount.CapturedChargesOnCard("4444"));
    }

    [ViewsBrowserTheory]
    [InlineData("get_objects", "light")]
    [InlineData("process_transaction", "dark")]
    public async Task A_tool_error_is_shown_as_an_alert_with_the_servers_words(string tool, string theme)
    {
        await using var session = await ViewSession.StartAsync(chromium, output);
        object arguments = tool == "get_objects"
            ? new { object_type = "no_such_type", id = 1 }
            : new { contact = "Nobody Anywhere", products = new[] { new { product_id = 2 } }, total = 299, dry_run = true };
        var result = await session.RenderAsync(tool, arguments, theme);
        Assert.True(result.IsError, JsonSerializer.Serialize(result));
        var text = string.Concat(result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(c => c.Text));

        var alert = session.View.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToBeVisibleAsync();
        // The first sentence of the server's message, as the person should read it.
        await Assertions.Expect(alert).ToContainTextAsync(text.Split(". ")[0]);
        await session.ScreenshotAsync($"{(tool == "get_objects" ? "record-card" : "money-card")}-error-{theme}");
        Assert.Empty(session.Host.Writes);
    }

    /// <summary>Scripts evaluated inside the view's frame; each returns JSON.</summary>
    private static class Scripts
    {
        public const string Scrolling = """
            () => {
              const d = document.scrollingElement || document.documentElement;
              const inner = [...document.querySelectorAll('body *')].filter(e => {
                const s = getComputedStyle(e);
                return /(auto|scroll)/.test(s.overflowY + s.overflowX) && (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1);
              }).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className);
              const cut = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > d.clientWidth + 1)
                .map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 30)).slice(0, 5);
              return JSON.stringify({ document: { scrollHeight: d.scrollHeight, clientHeight: d.clientHeight, scrollWidth: d.scrollWidth, clientWidth: d.clientWidth }, inner, cut });
            }
            """;

        /// <summary>WCAG 2 contrast of every visible text node's colour against the first opaque background behind it.</summary>
        public const string Contrast = """
            () => {
              const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
              const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
              const backgroundOf = e => { for (; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a >= 0.99) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
              const seen = new Set(); const out = [];
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const e = n.parentElement; if (!n.textContent.trim() || seen.has(e)) continue; seen.add(e);
                const s = getComputedStyle(e); const r = e.getBoundingClientRect();
                if (s.visibility === 'hidden' || s.display === 'none' || r.width === 0 || r.height === 0 || e.closest('[aria-hidden=true]')) continue;
                if (e.closest('button:disabled, [aria-disabled=true]')) continue; // WCAG exempts inactive controls
                const fg = parse(s.color), bg = backgroundOf(e);
                const blend = { r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a) };
                const [hi, lo] = [lum(blend), lum(bg)].sort((x, y) => y - x);
                out.push({ text: n.textContent.trim().slice(0, 40), tag: e.tagName, color: s.color, background: `rgb(${bg.r}, ${bg.g}, ${bg.b})`, ratio: Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100 });
              }
              return JSON.stringify(out);
            }
            """;

        /// <summary>The view's buttons and links in document order, with name, size and whether disabled.</summary>
        public const string Controls = """
            () => JSON.stringify([...document.querySelectorAll('button, a[href], [role=button], [role=link], input, select, textarea, [tabindex]:not([tabindex="-1"])')]
              .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; })
              .map(e => { const r = e.getBoundingClientRect(); return {
                name: (e.getAttribute('aria-label') || e.textContent || '').replace(/\s+/g, ' ').trim(),
                tag: e.tagName, width: r.width, height: r.height,
                disabled: e.disabled === true || e.getAttribute('aria-disabled') === 'true' }; }))
            """;

        /// <summary>The focused control inside the view (null when focus is elsewhere) and whether its focus is visible.</summary>
        public const string Focused = """
            () => {
              const e = document.activeElement;
              if (!document.hasFocus() || !e || e === document.body) return 'null';
              const s = getComputedStyle(e);
              const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
              const ring = s.boxShadow && s.boxShadow !== 'none';
              return JSON.stringify({ name: (e.getAttribute('aria-label') || e.textContent || '').replace(/\s+/g, ' ').trim(), tag: e.tagName, visible: e.matches(':focus-visible') && (outline || ring) });
            }
            """;
    }
}
