using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tests.Search;

/// <summary>
/// Links back into Ontraport (issue 19, item 3): every full record carries its <c>url</c> in Ontraport's web app (get_objects
/// with an id, the record a write returns, a detailed invoice), and pages stay as lean as they were.
/// </summary>
public class RecordLinkTests : IAsyncLifetime
{
    private const string App = "https://app.ontraport.com/#!/";

    private readonly ServerHost _host = new();

    public Task InitializeAsync() => _host.StartAsync();

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task A_record_read_by_id_links_to_its_page_and_page_rows_do_not()
    {
        var john = (await _host.CallAsync("get_objects", new { object_type = "contacts", id = 1 })).Ok();
        Assert.Equal(App + "contact/edit&id=1", john["url"]!.GetValue<string>());
        Assert.Equal(App + "deal/edit&id=1234", (await _host.CallAsync("get_objects", new { object_type = "deals", id = 1234 })).Ok()["url"]!.GetValue<string>());
        Assert.Equal(App + "company/edit&id=1", (await _host.CallAsync("get_objects", new { object_type = "companies", id = 1 })).Ok()["url"]!.GetValue<string>());
        Assert.Equal(App + "o_projects10000/edit&id=1", (await _host.CallAsync("get_objects", new { object_type = "projects", id = 1 })).Ok()["url"]!.GetValue<string>());

        foreach (var type in new[] { "contacts", "deals", "companies" })
        {
            var page = (await _host.CallAsync("get_objects", new { object_type = type, limit = 5 })).Ok();
            Assert.Equal(5, page["items"]!.AsArray().Count);
            Assert.All(page["items"]!.AsArray(), row => Assert.False(row!.AsObject().ContainsKey("url"), type));
            Assert.False(page.AsObject().ContainsKey("url"));
        }

        // Every field is still there, the link comes on top of them (last); fields named one by one are all the answer holds.
        var every = (await _host.CallAsync("get_objects", new { object_type = "contacts", id = 1, fields = new[] { "*" } })).Ok().AsObject();
        Assert.Equal("url", every.Last().Key);
        var named = (await _host.CallAsync("get_objects", new { object_type = "contacts", id = 1, fields = new[] { "email" } })).Ok().AsObject();
        Assert.Equal(["id", "email"], named.Select(p => p.Key));
    }

    [Fact]
    public async Task A_record_with_a_url_field_of_its_own_keeps_it()
    {
        var link = (await _host.CallAsync("get_objects", new { object_type = "tracked links", limit = 1 })).Ok()["items"]![0]!;
        var record = (await _host.CallAsync("get_objects", new { object_type = "tracked links", id = link["id"]!.GetValue<long>() })).Ok();
        Assert.Equal(link["url"]!.GetValue<string>(), record["url"]!.GetValue<string>());
        Assert.StartsWith(App + "trackedlink/edit&id=", record["ontraport_url"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_record_a_write_returns_links_to_it()
    {
        var created = (await _host.CallAsync("create_object", new { object_type = "deals", values = new { name = "Linked deal" } })).Ok();
        var id = created["id"]!.GetValue<long>();
        Assert.Equal(App + $"deal/edit&id={id}", created["url"]!.GetValue<string>());
        Assert.Equal(["created", "id", "url", "record"], created.AsObject().Select(p => p.Key));

        var updated = (await _host.CallAsync("update_object", new { object_type = "deals", id, values = new { name = "Linked deal, renamed" } })).Ok();
        Assert.Equal(App + $"deal/edit&id={id}", updated["url"]!.GetValue<string>());

        var saved = (await _host.CallAsync("saveorupdate_object", new { object_type = "contacts", values = new { email = "new.person@example.com", firstname = "New" } })).Ok();
        Assert.True(saved["created"]!.GetValue<bool>());
        Assert.Equal(App + $"contact/edit&id={saved["id"]!.GetValue<long>()}", saved["url"]!.GetValue<string>());

        var merged = (await _host.CallAsync("saveorupdate_object", new { object_type = "contacts", values = new { email = "john.smith@example.com", title = "Founder" } })).Ok();
        Assert.Equal((1, App + "contact/edit&id=1"), (merged["merged_into"]!.GetValue<int>(), merged["url"]!.GetValue<string>()));

        // A dry run changes nothing and names no new record.
        var dry = (await _host.CallAsync("create_object", new { object_type = "deals", values = new { name = "Not made" }, dry_run = true })).Ok();
        Assert.Null(dry["url"]);
    }

    [Fact]
    public async Task A_detailed_invoice_links_to_it_and_invoice_pages_do_not()
    {
        var invoice = (await _host.CallAsync("get_invoices", new { invoice_id = 1234 })).Ok();
        Assert.Equal(App + "invoice/edit&id=1234", invoice["url"]!.GetValue<string>());

        var page = (await _host.CallAsync("get_invoices", new { limit = 5 })).Ok();
        Assert.NotEmpty(page["items"]!.AsArray());
        Assert.All(page["items"]!.AsArray(), row => Assert.Null(row!["url"]));

        // The invoice a write returns (here: after marking it sent) is the detailed one.
        var sent = (await _host.CallAsync("send_invoice", new { invoice_id = 1234 })).Ok();
        Assert.Equal(App + "invoice/edit&id=1234", sent["invoice"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Fetch_carries_the_same_link_as_get_objects()
    {
        var fetched = JsonNode.Parse((await _host.CallAsync("fetch", new { id = "deals/1234" })).Text)!;
        var record = (await _host.CallAsync("get_objects", new { object_type = "deals", id = 1234 })).Ok();
        Assert.Equal(record["url"]!.GetValue<string>(), fetched["url"]!.GetValue<string>());
    }
}
