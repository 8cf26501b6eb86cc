using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Mcp.Server.Tools;
using Ontraport.Mcp.Server.Views;

namespace Ontraport.Mcp.Server.Tests.Views;

/// <summary>
/// The MCP Apps views as a client sees them through the real SDK client, in both protocol eras: the three <c>ui://</c>
/// resources (listed, read, <c>text/html;profile=mcp-app</c>, self-contained), the tools that name them in
/// <c>_meta.ui.resourceUri</c>, and <c>ONTRAPORT_MCP_APPS=off</c>. How the views render: <c>Views/Browser/</c>.
/// </summary>
public partial class ViewResourceTests
{
    public static TheoryData<string> Eras => new() { "2025-11-25", "2026-07-28" };

    private static readonly string[] ViewUris = [OntraportViews.RecordUri, OntraportViews.PageUri, OntraportViews.MoneyUri];

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task The_three_views_are_listed_and_read_as_mcp_app_html(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        Assert.Equal(era, client.NegotiatedProtocolVersion);
        Assert.NotNull(client.ServerCapabilities.Resources);

        var listed = await client.ListResourcesAsync();
        Assert.Equal(ViewUris.Order(StringComparer.Ordinal), listed.Select(r => r.Uri).Order(StringComparer.Ordinal));
        foreach (var resource in listed)
        {
            Assert.Equal("text/html;profile=mcp-app", resource.MimeType);
            Assert.False(string.IsNullOrWhiteSpace(resource.Name));
            Assert.False(string.IsNullOrWhiteSpace(resource.Description));
            Assert.True(resource.ProtocolResource.Meta?["ui"]?["prefersBorder"]?.GetValue<bool>(), resource.Uri);

            var read = await client.ReadResourceAsync(resource.Uri);
            var content = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents));
            Assert.Equal(resource.Uri, content.Uri);
            Assert.Equal("text/html;profile=mcp-app", content.MimeType);
            Assert.True(content.Meta?["ui"]?["prefersBorder"]?.GetValue<bool>(), resource.Uri);
            Assert.Null(content.Meta?["ui"]?["csp"]); // nothing from the network: the host's restrictive default applies
            Assert.StartsWith("<!DOCTYPE html>", content.Text, StringComparison.Ordinal);
            Assert.EndsWith("</html>\n", content.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Each_view_is_one_self_contained_page_around_the_one_bridge()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync("2025-11-25");
        var renderers = new Dictionary<string, string>
        {
            [OntraportViews.RecordUri] = "Ui.mount([RecordCard]);",
            [OntraportViews.PageUri] = "Ui.mount([PageTable, RecordCard]);",
            [OntraportViews.MoneyUri] = "Ui.mount([MoneyCard]);",
        };
        foreach (var uri in ViewUris)
        {
            var html = ((TextResourceContents)(await client.ReadResourceAsync(uri)).Contents[0]).Text;

            // Nothing loads from anywhere: no external src/href, no @import, no font, no url(), no network API.
            Assert.DoesNotMatch(External(), html);
            Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@font-face", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
            foreach (var network in new[] { "fetch(", "XMLHttpRequest", "WebSocket", "EventSource", "sendBeacon", "innerHTML" })
            {
                Assert.DoesNotContain(network, html, StringComparison.Ordinal);
            }

            // One inline stylesheet, one inline script: the shared bridge once, then the view's renderers.
            Assert.Single(Regex.Matches(html, "<style>"));
            Assert.Single(Regex.Matches(html, "<script>"));
            Assert.Single(Regex.Matches(html, "const Bridge = "));
            Assert.Single(Regex.Matches(html, "\"ui/initialize\""));
            Assert.Contains("\"ui/notifications/initialized\"", html, StringComparison.Ordinal);
            Assert.Contains("\"ui/notifications/size-changed\"", html, StringComparison.Ordinal);
            Assert.Contains(renderers[uri], html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task The_chosen_tools_name_their_view_and_every_named_view_exists(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        var tools = await client.ListToolsAsync();
        var resources = (await client.ListResourcesAsync()).Select(r => r.Uri).ToHashSet(StringComparer.Ordinal);

        var named = tools.Where(t => t.ProtocolTool.Meta?["ui"] is not null)
            .ToDictionary(t => t.Name, t => t.ProtocolTool.Meta!["ui"]!["resourceUri"]!.GetValue<string>());
        Assert.Equal(OntraportViews.ToolViews.OrderBy(p => p.Key, StringComparer.Ordinal), named.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.All(named.Values, uri => Assert.Contains(uri, resources));
        Assert.All(OntraportViews.ToolViews.Keys, name => Assert.NotNull(ToolCatalog.Find(name)));

        // The issue's three: one record, a page, money.
        Assert.Equal(OntraportViews.PageUri, named["get_objects"]);
        Assert.Equal(OntraportViews.RecordUri, named["fetch"]);
        Assert.Equal(OntraportViews.MoneyUri, named["process_transaction"]);
        Assert.Equal(OntraportViews.MoneyUri, named["refund_transaction"]);
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task Apps_off_serves_no_view_and_names_none(string era)
    {
        await using var host = new ServerHost(ServerHost.MidWeek, ("ONTRAPORT_MCP_APPS", "off"));
        await using var client = await host.ConnectAsync(era);
        Assert.Null(client.ServerCapabilities.Resources);
        var tools = await client.ListToolsAsync();
        Assert.Equal(ToolCatalog.All.Count, tools.Count);
        Assert.All(tools, t => Assert.Null(t.ProtocolTool.Meta?["ui"]));
        // Nothing to read: a JSON-RPC error (2025-11-25), or 404 for a method this server does not serve (2026-07-28).
        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.ReadResourceAsync(OntraportViews.PageUri).AsTask());
        Assert.True(error is McpException || error is HttpRequestException { StatusCode: System.Net.HttpStatusCode.NotFound }, error.ToString());

        // The tools answer exactly as with views on (same clock, same demo data): a view only reads what every client gets.
        await using var on = new ServerHost(ServerHost.MidWeek);
        await using var viewing = await on.ConnectAsync(era);
        var arguments = new { object_type = "contacts", limit = 3 };
        Assert.Equal((await viewing.CallAsync("get_objects", arguments)).Text, (await client.CallAsync("get_objects", arguments)).Text);
    }

    [Fact]
    public async Task An_unknown_view_is_a_protocol_error_not_a_crash()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync("2025-11-25");
        var error = await Assert.ThrowsAnyAsync<McpException>(() => client.ReadResourceAsync("ui://o/nothing").AsTask());
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await client.ReadResourceAsync(OntraportViews.PageUri)); // and the server still serves
        // The client's mistake, not the server's: no Error line (the SDK logs it as "threw an unhandled exception").
        Assert.Empty(host.Logs.Errors);
    }

    [Fact]
    public async Task No_answer_carries_structured_content_even_for_a_client_that_renders_views()
    {
        // The views read the text answer every client gets: nothing is sent twice (issue 21), in either era.
        await using var host = new ServerHost();
        foreach (var era in new[] { "2025-11-25", "2026-07-28" })
        {
            await using var client = await host.ConnectAsync(era);
            foreach (var (tool, arguments) in new (string, Dictionary<string, object?>)[]
            {
                ("get_objects", new() { ["object_type"] = "contacts", ["limit"] = 2 }),
                ("get_objects", new() { ["object_type"] = "contacts", ["id"] = 1 }),
                ("fetch", new() { ["id"] = "contacts/1" }),
                ("process_transaction", new() { ["contact"] = 2, ["products"] = new[] { new { product_id = 2, quantity = 1 } }, ["dry_run"] = true }),
            })
            {
                var result = await client.CallToolAsync(tool, arguments);
                Assert.NotEqual(true, result.IsError);
                Assert.Null(result.StructuredContent);
                Assert.IsType<TextContentBlock>(Assert.Single(result.Content));
            }
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("on", true)]
    [InlineData("true", true)]
    [InlineData("OFF", false)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    public void The_setting_reads_on_and_off(string? value, bool apps)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ONTRAPORT_MCP_APPS"] = value }).Build();
        Assert.Equal(apps, ServerSettings.Load(configuration).Apps);
    }

    [Fact]
    public void A_bad_setting_stops_the_start_and_says_what_to_write()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ONTRAPORT_MCP_APPS"] = "maybe" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => ServerSettings.Load(configuration));
        Assert.Contains("ONTRAPORT_MCP_APPS 'maybe' must be on or off.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An attribute or CSS reference to anything outside the page: http(s) or protocol-relative.</summary>
    [GeneratedRegex(@"(?:src|href|action|srcset|poster|data)\s*=\s*[""']?\s*(?:https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex External();
}
