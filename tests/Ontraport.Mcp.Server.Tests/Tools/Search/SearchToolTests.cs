using System.Text.RegularExpressions;

namespace Ontraport.Mcp.Server.Tests.Search;

/// <summary>
/// <c>search</c> end to end from the SDK's McpClient in both protocol eras, against the sandbox's demo account (John
/// Smith is contact 1, Acme Corp company 1, deal 1234): OpenAI's answer shape, what matches, best first, at most 20, few
/// upstream requests, and bad queries refused before any request.
/// </summary>
public class SearchToolTests
{
    private const string JohnsUrl = "https://app.ontraport.com/#!/contact/edit&id=1";

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task By_name_the_person_comes_first_with_a_readable_title_and_a_link(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        var results = await client.SearchAsync("John Smith");

        var first = results[0]!.AsObject();
        Assert.Equal(["id", "title", "url"], first.Select(p => p.Key));
        Assert.Equal(("contacts/1", "John Smith, john.smith@example.com", JohnsUrl), (first.Text("id"), first.Text("title"), first.Text("url")));
        Assert.All(results, r => Assert.Matches(@"^(contacts|companies|deals|products|offers)/[1-9][0-9]*$", r.Text("id")));
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task By_email_only_contacts_are_asked_once(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        var results = await client.SearchAsync("john.smith@example.com");

        Assert.Equal("contacts/1", Assert.Single(results)!.Text("id"));
        var request = Assert.Single(host.UpstreamRequests());
        Assert.Equal(("GET", "objects"), (request.Method, request.Path));
        Assert.Contains("objectID=0&", request.QueryString, StringComparison.Ordinal);

        // A part of an address finds everyone at that domain, and nothing else.
        var atAcme = await client.SearchAsync("@acme.com");
        Assert.Contains(atAcme, r => r.Text("id") == "contacts/5");
        Assert.All(atAcme, r => Assert.Contains("@acme.com", r.Text("title"), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task By_phone_however_it_is_typed_and_only_types_with_phone_fields_are_asked(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        var stored = host.DemoAccount.Find(0, 1)!["office_phone"]!; // "(213) 555-0166"
        var digits = new string([.. stored.Where(char.IsAsciiDigit)]);
        Assert.Equal(10, digits.Length);

        foreach (var typed in new[] { stored, $"{digits[..3]}.{digits[3..6]}.{digits[6..]}", $"+1 {digits[..3]} {digits[3..6]} {digits[6..]}", digits })
        {
            var before = host.UpstreamRequests().Count;
            var results = await client.SearchAsync(typed);
            Assert.Equal("contacts/1", results[0]!.Text("id"));

            // Contacts and companies have phone fields; deals, products and offers are not asked.
            var asked = host.UpstreamRequests().Skip(before).ToList();
            Assert.Equal(["objectID=0", "objectID=150"], asked.Select(r => ObjectId(r.QueryString)).Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task By_company_the_company_then_its_deals_then_the_people_who_work_there(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        var results = (await client.SearchAsync("Acme Corp")).Select(r => r!.Text("id")).ToList();

        Assert.Equal("companies/1", results[0]);
        Assert.Equal("Acme Corp (company)", (await client.SearchAsync("Acme Corp"))[0]!.Text("title"));
        Assert.Contains("deals/1234", results);
        Assert.Contains("contacts/5", results); // Sarah Johnson's company field says Acme Corp
        Assert.True(results.IndexOf("deals/1234") < results.IndexOf("contacts/5"), string.Join(", ", results));
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task Products_offers_and_ids_are_found_too(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);

        var offer = (await client.SearchAsync("Summer Promo Offer"))[0]!;
        Assert.Equal(("offers/1", "Summer Promo Offer (offer)", "https://app.ontraport.com/#!/offer/edit&id=1"), (offer.Text("id"), offer.Text("title"), offer.Text("url")));
        Assert.Contains(await client.SearchAsync("Consulting"), r => r.Text("id") == "products/3");
        Assert.Equal("deals/1234", (await client.SearchAsync("1234"))[0]!.Text("id"));
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task No_match_is_an_empty_list_not_an_error(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        Assert.Empty(await client.SearchAsync("Zzyzx Quixotic"));
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task At_most_20_results_best_first(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);

        Assert.Equal(20, (await client.SearchAsync("a")).Count); // hundreds of records hold an "a"

        // Best first: names that begin with the query before names that only contain it, before other fields.
        foreach (var query in new[] { "Sarah", "Acme", "Jo" })
        {
            var titles = (await client.SearchAsync(query)).Select(r => r!.Text("title")).ToList();
            Assert.True(titles.Count is > 1 and <= 20, query);
            var begins = titles.Select(t => t.StartsWith(query, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(begins.SkipWhile(b => b).All(b => !b), $"{query}: {string.Join(" | ", titles)}");
            Assert.True(begins[0], $"{query}: {titles[0]}");
        }
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task A_name_query_asks_each_type_once_and_nothing_else(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        await client.SearchAsync("Acme");

        var requests = host.UpstreamRequests();
        Assert.All(requests, r => Assert.Equal(("GET", "objects"), (r.Method, r.Path)));
        Assert.Equal(["objectID=0", "objectID=149", "objectID=150", "objectID=16", "objectID=65"],
            requests.Select(r => ObjectId(r.QueryString)).Order(StringComparer.Ordinal));

        // One OR query per type (contacts use Ontraport's own free-text search, which reads "first last" as a name).
        Assert.Contains("search=Acme", requests.Single(r => ObjectId(r.QueryString) == "objectID=0").QueryString, StringComparison.Ordinal);
        var companies = Uri.UnescapeDataString(requests.Single(r => ObjectId(r.QueryString) == "objectID=150").QueryString);
        Assert.Contains("\"op\":\"LIKE\",\"value\":{\"value\":\"%Acme%\"}", companies, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task An_empty_missing_or_too_long_query_is_refused_before_any_request(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        foreach (var (query, expected) in new (object?, string)[]
        {
            ("", "query is required"),
            ("   ", "query is required"),
            (new string('x', 201), "the limit is 200"),
            ("John\nSmith", "control characters"),
        })
        {
            var error = (await client.CallAsync("search", new Dictionary<string, object?> { ["query"] = query })).Error();
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }

        Assert.Contains("query", (await client.CallAsync("search", new Dictionary<string, object?>())).Error(), StringComparison.Ordinal);
        Assert.Empty(host.DemoAccount.Requests); // not even the account's metadata was read
    }

    [Theory]
    [MemberData(nameof(SearchEras.Eras), MemberType = typeof(SearchEras))]
    public async Task Wildcards_in_a_query_are_taken_literally(string era)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(era);
        Assert.Empty(await client.SearchAsync("%"));
        var companies = host.UpstreamRequests().Single(r => ObjectId(r.QueryString) == "objectID=150");
        Assert.Contains("\"value\":\"%\\\\%%\"", Uri.UnescapeDataString(companies.QueryString), StringComparison.Ordinal); // %\%%
    }

    private static string ObjectId(string queryString) => Regex.Match(queryString, "objectID=[0-9]+").Value;
}
