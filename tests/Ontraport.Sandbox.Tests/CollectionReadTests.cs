using System.Globalization;
using System.Text.Json;

namespace Ontraport.Sandbox.Tests;

/// <summary>Paging, range cap, sorting, listFields, search, groups and getByEmail (ontraport-api.md §2.1).</summary>
public class CollectionReadTests
{
    private static List<string> Ids(JsonElement data) => data.EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task Default_page_is_50_and_larger_ranges_are_capped_at_50()
    {
        using var sandbox = SandboxHarness.Create();

        var byDefault = await sandbox.GetAsync("Contacts");
        var capped = await sandbox.GetAsync("Contacts?range=200");
        var small = await sandbox.GetAsync("Contacts?range=7");

        Assert.Equal(50, byDefault.GetArrayLength());
        Assert.Equal(50, capped.GetArrayLength());
        Assert.Equal(7, small.GetArrayLength());
    }

    [Fact]
    public async Task Max_range_comes_from_the_options()
    {
        var sandbox = new OntraportSandbox(new SandboxOptions { MaxRange = 5 });
        using var client = SandboxHarness.CreateClient(sandbox, "2_small", "k");

        using var document = JsonDocument.Parse(await client.GetStringAsync("Contacts?range=50"));

        Assert.Equal(5, document.RootElement.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Pages_follow_each_other_without_overlap_until_the_count()
    {
        using var sandbox = SandboxHarness.Create();
        var seen = new List<string>();

        for (var start = 0; start < 200; start += 50)
        {
            seen.AddRange(Ids(await sandbox.GetAsync($"objects?objectID=0&start={start}&range=50")));
        }

        var past = await sandbox.GetAsync("objects?objectID=0&start=200&range=50");
        Assert.Equal(200, seen.Count);
        Assert.Equal(200, seen.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 200).Select(i => i.ToString(CultureInfo.InvariantCulture)), seen);
        Assert.Equal(0, past.GetArrayLength());
    }

    [Fact]
    public async Task Ids_filter_and_ids_zero_means_no_filter()
    {
        using var sandbox = SandboxHarness.Create();

        var some = await sandbox.GetAsync("Contacts?ids=3,1,2");
        var all = await sandbox.GetAsync("Contacts/getInfo?ids=0");

        Assert.Equal(["1", "2", "3"], Ids(some));
        Assert.Equal("200", all.GetProperty("count").GetString());
    }

    [Fact]
    public async Task Sort_orders_numbers_as_numbers_in_both_directions()
    {
        using var sandbox = SandboxHarness.Create();

        var descending = await sandbox.GetAsync("Contacts?sort=spent&sortDir=desc&range=5");
        var ascending = await sandbox.GetAsync("Contacts?sort=spent&sortDir=asc&range=50");

        var top = descending.EnumerateArray().Select(r => decimal.Parse(r.GetProperty("spent").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(top.OrderByDescending(v => v), top);
        Assert.Equal(sandbox.Account.All(0).Max(c => decimal.Parse(c["spent"]!, CultureInfo.InvariantCulture)), top[0]);
        Assert.True(top[0] > 1000m);
        Assert.Equal("0.00", ascending[0].GetProperty("spent").GetString());
    }

    [Fact]
    public async Task Sort_by_text_is_case_insensitive_and_unknown_sort_field_is_invalid()
    {
        using var sandbox = SandboxHarness.Create();

        var tags = await sandbox.GetAsync("Tags?sort=tag_name");
        var body = await sandbox.ErrorAsync(System.Net.HttpStatusCode.BadRequest, HttpMethod.Get, "Tags?sort=nope");

        var names = tags.EnumerateArray().Select(t => t.GetProperty("tag_name").GetString()!).ToList();
        Assert.Equal(names.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), names);
        Assert.Equal("Invalid query", body);
    }

    [Fact]
    public async Task ListFields_returns_only_those_fields_plus_id()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.GetAsync("Contacts?listFields=firstname,email&range=2");

        Assert.Equal(["id", "firstname", "email"], data[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("john.smith@example.com", data[0].GetProperty("email").GetString());
    }

    [Fact]
    public async Task Search_matches_names_emails_and_full_names()
    {
        using var sandbox = SandboxHarness.Create();

        var byFullName = await sandbox.GetAsync("Contacts?search=" + SandboxHarness.Encode("john smith"));
        var byDomain = await sandbox.GetAsync("Contacts?search=oldcompany.com");

        Assert.Contains("1", Ids(byFullName));
        Assert.All(byFullName.EnumerateArray(), r => Assert.Contains("smith", $"{r.GetProperty("firstname").GetString()} {r.GetProperty("lastname").GetString()}", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["4"], Ids(byDomain));
    }

    [Fact]
    public async Task SearchNotes_also_matches_the_text_of_notes()
    {
        using var sandbox = SandboxHarness.Create();
        const string text = "Budget approval expected";

        var withoutNotes = await sandbox.GetAsync("Contacts?search=" + SandboxHarness.Encode(text));
        var withNotes = await sandbox.GetAsync("Contacts?searchNotes=true&search=" + SandboxHarness.Encode(text));

        Assert.Empty(Ids(withoutNotes));
        Assert.Equal(["2"], Ids(withNotes));
    }

    [Fact]
    public async Task Group_id_applies_the_groups_stored_criteria()
    {
        using var sandbox = SandboxHarness.Create();
        var expected = sandbox.Account.All(0).Where(c => c["contact_cat"]!.Contains("*/*5*/*", StringComparison.Ordinal)).Select(c => c["id"]).ToList();

        var info = await sandbox.GetAsync("Contacts/getInfo?group_id=1");
        var members = await sandbox.GetAsync("Contacts?group_id=1&range=50");

        Assert.True(expected.Count > 10);
        Assert.Equal(expected.Count.ToString(CultureInfo.InvariantCulture), info.GetProperty("count").GetString());
        Assert.Equal(expected.Take(50), Ids(members));
    }

    [Fact]
    public async Task A_group_of_another_object_type_selects_nothing()
    {
        using var sandbox = SandboxHarness.Create();

        var contacts = await sandbox.GetAsync("Contacts/getInfo?group_id=6");
        var deals = await sandbox.GetAsync("Deals/getInfo?group_id=6");

        Assert.Equal("0", contacts.GetProperty("count").GetString());
        Assert.NotEqual("0", deals.GetProperty("count").GetString());
    }

    [Fact]
    public async Task Count_flag_puts_the_total_in_misc()
    {
        using var sandbox = SandboxHarness.Create();

        var envelope = await sandbox.EnvelopeAsync(HttpMethod.Get, "Contacts?count=true&range=1");

        Assert.Equal("200", envelope.GetProperty("misc").GetProperty("count").GetString());
    }

    [Fact]
    public async Task GetByEmail_finds_one_or_all_ids_and_404s_otherwise()
    {
        using var sandbox = SandboxHarness.Create();
        await sandbox.DataAsync(HttpMethod.Post, "objects", SandboxHarness.Json("""{"objectID":0,"firstname":"Second","email":"JANE.DOE@example.com"}"""));

        var one = await sandbox.GetAsync("object/getByEmail?objectID=0&email=jane.doe%40example.com");
        var all = await sandbox.GetAsync("object/getByEmail?objectID=0&email=jane.doe%40example.com&all=1");

        Assert.Equal("2", one.GetProperty("id").GetString());
        Assert.Equal(["2", "201"], all.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        await sandbox.ErrorAsync(System.Net.HttpStatusCode.NotFound, HttpMethod.Get, "object/getByEmail?objectID=0&email=nobody%40example.com");
        await sandbox.ErrorAsync(System.Net.HttpStatusCode.NotFound, HttpMethod.Get, "object/getByEmail?objectID=0&email=not-an-email");
    }

    [Fact]
    public async Task Records_carrying_a_tag_by_id_or_name()
    {
        using var sandbox = SandboxHarness.Create();
        var expected = sandbox.Account.All(0).Count(c => c["contact_cat"]!.Contains("*/*2*/*", StringComparison.Ordinal));

        var byId = await sandbox.GetAsync("objects/tag?objectID=0&tag_id=2&range=50");
        var byName = await sandbox.GetAsync("objects/tag?objectID=0&tag_name=vip&range=50");
        var unknown = await sandbox.GetAsync("objects/tag?objectID=0&tag_name=nope");

        Assert.True(expected > 3);
        Assert.Equal(expected, byId.GetArrayLength());
        Assert.Equal(Ids(byId), Ids(byName));
        Assert.Contains("1", Ids(byId));
        Assert.Equal(0, unknown.GetArrayLength());
    }

    [Fact]
    public async Task Externs_follow_lookup_fields_even_in_chains()
    {
        using var sandbox = SandboxHarness.Create();

        var deals = await sandbox.GetAsync("Deals?ids=1234&listFields=name&externs=primary_contact//firstname,primary_contact//f1600//name");
        var tasks = await sandbox.GetAsync("Tasks?ids=4801&externs=contact_id//email,owner//firstname,item_id//name");

        var deal = deals[0];
        Assert.Equal("Sarah", deal.GetProperty("primary_contact//firstname").GetString());
        Assert.Equal("Acme Corp", deal.GetProperty("primary_contact//f1600//name").GetString());
        Assert.Equal("john.smith@example.com", tasks[0].GetProperty("contact_id//email").GetString());
        Assert.Equal("Sarah", tasks[0].GetProperty("owner//firstname").GetString());
        Assert.Equal("Follow-up call", tasks[0].GetProperty("item_id//name").GetString());
        Assert.Equal("Invalid query", await sandbox.ErrorAsync(System.Net.HttpStatusCode.BadRequest, HttpMethod.Get, "Deals?externs=name//firstname"));
        Assert.Equal("Invalid query", await sandbox.ErrorAsync(System.Net.HttpStatusCode.BadRequest, HttpMethod.Get, "Deals?externs=primary_contact//nope"));
    }
}
