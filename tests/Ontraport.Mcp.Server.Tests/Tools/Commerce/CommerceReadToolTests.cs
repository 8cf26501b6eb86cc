using System.Globalization;
using System.Text.Json.Nodes;
using static Ontraport.Mcp.Server.Tests.TestValues;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>The Commerce read tools: filters, paging, shapes, and bad input that costs no upstream request.</summary>
public class CommerceReadToolTests : IAsyncLifetime
{
    private ServerHost Host { get; } = new(ServerHost.Weekend);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    [Fact]
    public async Task Get_invoices_pages_newest_first_with_count_next_start_and_the_sum()
    {
        var first = (await Host.CallAsync("get_invoices", new { limit = 5 })).Ok();
        Assert.Equal(Host.DemoAccount.Count(46), first["count"]!.GetValue<int>());
        Assert.Equal(5, first["returned"]!.GetValue<int>());
        Assert.Equal(5, first["next_start"]!.GetValue<int>());
        var dates = first["items"]!.AsArray().Select(i => i!["date"]!.GetValue<string>()).ToList();
        Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), dates);
        var sum = Host.DemoAccount.All(46).Sum(i => decimal.Parse(i["total"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(sum, Amount(first["sum_of_totals"]));

        var second = (await Host.CallAsync("get_invoices", new { limit = 5, start = 5 })).Ok();
        Assert.Empty(first["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).Intersect(second["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>())));
    }

    [Fact]
    public async Task Get_invoices_reads_status_words_and_a_contact_by_email()
    {
        var unpaid = (await Host.CallAsync("get_invoices", new { contact = "john.smith@example.com", status = "unpaid" })).Ok();
        Assert.Equal(["declined", "open"], unpaid["items"]!.AsArray().Select(i => i!["status"]!.GetValue<string>()).Order());
        Assert.Equal("open, declined, collections", unpaid["status"]!.GetValue<string>());

        var writtenOff = (await Host.CallAsync("get_invoices", new { status = "written off" })).Ok();
        Assert.All(writtenOff["items"]!.AsArray(), i => Assert.Equal("written off", i!["status"]!.GetValue<string>()));
        Assert.Equal(Host.DemoAccount.All(46).Count(i => i["status"] == "6"), writtenOff["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_invoices_with_an_id_shows_one_invoice_in_full()
    {
        var invoice = (await Host.CallAsync("get_invoices", new { invoice_id = 1246 })).Ok();
        Assert.Equal("draft", invoice["status"]!.GetValue<string>());
        Assert.Equal(2, invoice["items"]![0]!["quantity"]!.GetValue<int>());
        Assert.Equal("250.00 USD", invoice["items"]![0]!["unit_price"]!.GetValue<string>());
        Assert.Equal("Two private coaching sessions.", invoice["memo"]!.GetValue<string>());
        Assert.All(invoice.AsObject(), p => Assert.False(p.Value is null || p.Value.ToString() == "", $"{p.Key} is empty"));
    }

    [Fact]
    public async Task Get_purchases_filters_by_status_and_window()
    {
        var refunded = (await Host.CallAsync("get_purchases", new { contact = Host.DemoAccount.All(17).First(p => p["status"] == "4")["contact_id"], status = "refunded" })).Ok();
        Assert.All(refunded["items"]!.AsArray(), i => Assert.Equal("refunded", i!["status"]!.GetValue<string>()));
        Assert.NotEmpty(refunded["items"]!.AsArray());

        var recent = (await Host.CallAsync("get_purchases", new { contact = "John Smith", since = "last 30 days" })).Ok();
        Assert.Equal(2, recent["count"]!.GetValue<int>());
        Assert.NotNull(recent["bought"]!["since"]);
    }

    [Fact]
    public async Task A_single_day_since_means_from_that_day_on_as_in_the_query_tools()
    {
        var page = (await Host.CallAsync("get_invoices", new { since = "2026-10-01", limit = 50 })).Ok();
        var window = page["created"]!.AsObject();
        Assert.False(window.ContainsKey("until"), window.ToJsonString());
        var since = DateTimeOffset.Parse(window["since"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var matching = Host.DemoAccount.All(46).Select(i => long.Parse(i["date"]!, CultureInfo.InvariantCulture)).Where(d => d >= since).ToList();
        Assert.True(matching.Max() - matching.Min() > 86_400, "the seed should have invoices on several days after the since date");
        Assert.Equal(matching.Count, page["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_payments_filters_by_invoice_and_status_and_names_the_card()
    {
        var failed = (await Host.CallAsync("get_payments", new { status = "failed" })).Ok();
        Assert.All(failed["items"]!.AsArray(), i => Assert.Equal("failed", i!["status"]!.GetValue<string>()));
        Assert.Contains(failed["items"]!.AsArray(), i => i!["invoice_id"]!.GetValue<long>() == 1238 && i["contact"]!["name"]!.GetValue<string>() == "John Smith");

        var partial = (await Host.CallAsync("get_payments", new { invoice_id = 1228 })).Ok();
        Assert.Equal("20.00 USD", partial["items"]![0]!["refunded"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_failed_transactions_can_show_collections_only_for_one_contact()
    {
        var page = (await Host.CallAsync("get_failed_transactions", new { status = "collections", contact = "Mike Turner" })).Ok();
        var item = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal(3456, item["id"]!.GetValue<long>());
        Assert.Equal(3, item["attempts"]!.GetValue<int>());
        Assert.Equal("1,200.00 USD", page["outstanding"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validate_offer_passes_a_well_set_up_offer_and_names_unknown_ones()
    {
        var good = (await Host.CallAsync("validate_offer", new { offer_id = "Monthly Membership" })).Ok();
        Assert.True(good["valid"]!.GetValue<bool>());
        Assert.Empty(good["problems"]!.AsArray());
        Assert.Equal("month", good["lines"]![0]!["billed_every"]!.GetValue<string>());
        Assert.Equal("49.00 USD", good["totals"]!["total"]!.GetValue<string>());

        var byId = (await Host.CallAsync("validate_offer", new { offer_id = "3" })).Ok();
        Assert.Equal("Annual Subscription", byId["offer"]!["name"]!.GetValue<string>());

        var unknown = (await Host.CallAsync("validate_offer", new { offer_id = "winter blowout" })).Error();
        Assert.Contains("no offer is named 'winter blowout'", unknown, StringComparison.Ordinal);
        Assert.Contains("Summer Promo Offer", unknown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("get_invoices", """{"status":"late"}""", "'late' is not a status")]
    [InlineData("get_invoices", """{"limit":0}""", "limit must be between 1 and 50")]
    [InlineData("get_invoices", """{"start":-1}""", "start must be 0 or more")]
    [InlineData("get_purchases", """{}""", "Missing required argument 'contact'")]
    [InlineData("get_purchases", """{"contact":"John Smith","status":"bought"}""", "'bought' is not a purchase status")]
    [InlineData("get_payments", """{"status":"bounced"}""", "'bounced' is not a payment status")]
    [InlineData("get_payments", """{"invoice_id":0}""", "invoice_id must be an invoice id")]
    [InlineData("get_failed_transactions", """{"status":"late"}""", "'late' is not one of declined, overdue, collections")]
    [InlineData("validate_offer", """{}""", "Missing required argument 'offer_id'")]
    [InlineData("get_invoices", """{"since":"last fortnight"}""", "since: 'last fortnight' is not a date")]
    [InlineData("get_purchases", """{"contact":"John Smith","until":"someday"}""", "until: 'someday' is not a date")]
    public async Task Bad_read_input_costs_no_upstream_request(string tool, string arguments, string expected)
    {
        var error = (await Host.CallAsync(tool, JsonNode.Parse(arguments))).Error();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(Host.UpstreamRequests());
    }

    [Fact]
    public async Task Invoices_payments_and_orders_still_refuse_generic_writes()
    {
        var error = (await Host.CallAsync("update_object", new { object_type = "invoices", id = 1234, values = new { status = 1 } })).Error();
        Assert.Contains("mark_transaction_paid", error, StringComparison.Ordinal);
        Assert.Equal("9", Host.DemoAccount.Find(46, 1234)!["status"]);
    }
}
