namespace Ontraport.Mcp.Server.Tests.Search;

/// <summary>
/// <c>fetch</c> end to end in both protocol eras: OpenAI's shape, a search result's id round-trips, the record reads as
/// lines of the get_objects record, and an id that is malformed or names nothing is a tool error saying the form.
/// </summary>
public class FetchToolTests
{
    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task A_contact_reads_as_labelled_lines_with_its_type_owner_dates_and_link(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        var answer = await client.OneTextItemAsync("fetch", new Dictionary<string, object?> { ["id"] = "contacts/1" });

        Assert.Equal(["id", "title", "text", "url", "metadata"], answer.Select(p => p.Key));
        Assert.Equal(("contacts/1", "John Smith, john.smith@example.com", "https://app.ontraport.com/#!/contact/edit&id=1"),
            (answer.Text("id"), answer.Text("title"), answer.Text("url")));

        // The text is get_objects' record, one "Label: value" line per field, references by name.
        var record = (await client.CallAsync("get_objects", new { object_type = "contacts", id = 1 })).Ok().AsObject();
        var lines = answer.Text("text").Split('\n');
        Assert.Equal(record.Count(p => p.Key != "url"), lines.Length);
        Assert.Contains("First Name: John", lines);
        Assert.Contains("Email: john.smith@example.com", lines);
        Assert.Contains("Owner: Sarah Mitchell (2)", lines);
        Assert.Contains(lines, l => l.StartsWith("Tags: customer (1), vip (2)", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches("^[^:]+: .+$", l));

        var metadata = answer["metadata"]!.AsObject();
        Assert.Equal(("Contact", "Sarah Mitchell"), (metadata.Text("object_type"), metadata.Text("owner")));
        Assert.Equal(record.Text("date"), metadata.Text("created"));
        Assert.Equal(record.Text("dlm"), metadata.Text("modified"));
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task Every_search_result_id_round_trips(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        var results = await client.SearchAsync("Acme");
        Assert.Contains(results, r => r.Text("id").StartsWith("contacts/", StringComparison.Ordinal));
        Assert.Contains(results, r => r.Text("id").StartsWith("deals/", StringComparison.Ordinal));
        foreach (var result in results)
        {
            var fetched = await client.OneTextItemAsync("fetch", new Dictionary<string, object?> { ["id"] = result!.Text("id") });
            Assert.Equal((result.Text("id"), result.Text("title"), result.Text("url")), (fetched.Text("id"), fetched.Text("title"), fetched.Text("url")));
            Assert.Contains($"ID: {result.Text("id").Split('/')[1]}", fetched.Text("text"), StringComparison.Ordinal);
        }

        var deal = await client.OneTextItemAsync("fetch", new Dictionary<string, object?> { ["id"] = "deals/1234" });
        Assert.Contains("Name: Acme Corp – Team Coaching Package", deal.Text("text").Split('\n'));
        Assert.Contains("Company: Acme Corp (1)", deal.Text("text").Split('\n'));
        Assert.Equal("Deal", deal["metadata"]!.Text("object_type"));
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task A_type_may_be_named_as_get_objects_names_it(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        foreach (var id in new[] { "Contact/1", "0/1", " contacts / 1 " })
        {
            Assert.Equal("contacts/1", (await client.OneTextItemAsync("fetch", new Dictionary<string, object?> { ["id"] = id })).Text("id"));
        }

        Assert.Equal("offers/1", (await client.OneTextItemAsync("fetch", new Dictionary<string, object?> { ["id"] = "offer/1" })).Text("id"));
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task A_malformed_id_is_refused_before_any_request_saying_the_form_ids_take(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        foreach (var id in new[] { "", "contacts", "5", "contacts/abc", "contacts/0", "contacts/-3", "/5", "contacts/5/6" })
        {
            var error = (await client.CallAsync("fetch", new Dictionary<string, object?> { ["id"] = id })).Error();
            Assert.Contains("contacts/5", error, StringComparison.Ordinal);
        }

        Assert.Empty(host.UpstreamRequests());
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task An_id_naming_nothing_is_a_clear_tool_error(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);

        var missing = (await client.CallAsync("fetch", new { id = "contacts/99999" })).Error();
        Assert.Contains("there is no contact with id 99999", missing, StringComparison.Ordinal);
        Assert.Contains("Ids look like contacts/5", missing, StringComparison.Ordinal);

        var unknownType = (await client.CallAsync("fetch", new { id = "widgets/3" })).Error();
        Assert.Contains("'widgets'", unknownType, StringComparison.Ordinal);
        Assert.Contains("Ids look like contacts/5", unknownType, StringComparison.Ordinal);
        Assert.Empty(host.Logs.Errors);
    }
}
