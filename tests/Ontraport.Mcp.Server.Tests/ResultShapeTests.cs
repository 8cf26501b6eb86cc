using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ontraport.Mcp.Server.Hosting;
using Xunit.Abstractions;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// What a read costs an agent and how it reads (issue 14), through the SDK's McpClient, the host and the sandbox: a page
/// of contacts against Ontraport's raw bytes, records as words, names read in one batch per type, and the size cap.
/// </summary>
public class ResultShapeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] InternalFields = ["bindex", "import_id", "system_source", "source_location", "unique_id", "ip_addy", "ip_addy_display"];

    private readonly ServerHost _host = new();
    private ModelContextProtocol.Client.McpClient _client = null!;

    public async Task InitializeAsync() => _client = await _host.ConnectAsync();

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_page_of_50_contacts_is_within_a_quarter_of_the_raw_bytes_and_shows_the_list_view()
    {
        var answer = await _client.CallAsync("get_objects", new { object_type = "contacts", limit = 50 });
        var raw = await RawAsync("objects?objectID=0&range=50");
        var toolBytes = Encoding.UTF8.GetByteCount(answer.Text);
        var rawBytes = Encoding.UTF8.GetByteCount(raw);
        var ratio = (double)toolBytes / rawBytes;
        output.WriteLine($"get_objects 50 contacts: {toolBytes} bytes; raw GET objects?objectID=0&range=50: {rawBytes} bytes; ratio {ratio.ToString("P1", CultureInfo.InvariantCulture)} (target <= 25%)");
        Assert.True(ratio <= 0.25, $"{toolBytes} of {rawBytes} bytes is {ratio:P1}");

        var page = answer.Ok();
        Assert.Equal(200, page["count"]!.GetValue<int>());
        Assert.Equal(0, page["start"]!.GetValue<int>());
        Assert.Equal(50, page["returned"]!.GetValue<int>());
        Assert.Equal(50, page["next_start"]!.GetValue<int>());
        Assert.Contains("fields: [\"*\"]", page["more_fields"]!.GetValue<string>(), StringComparison.Ordinal);

        // The account's list view (getInfo listFields: fn, email, office_phone, date, grade, dla, contact_id) as real
        // fields: "fn" is first + last name, and columns the metadata does not know are left out.
        var columns = page["columns"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(["id", "firstname", "lastname", "email", "office_phone", "date", "dla"], columns);
        var items = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(50, items.Count);
        Assert.All(items, item =>
        {
            Assert.All(item, p => Assert.Contains(p.Key, columns));
            Assert.True(item.ContainsKey("email"), $"contact {item["id"]} has no email");
        });
        var listFieldsRead = _host.UpstreamRequests().Single(r => r.Path == "objects" && r.QueryString.Contains("listFields=", StringComparison.Ordinal)).QueryString;
        Assert.Contains("listFields=id%2Cfirstname%2Clastname%2Cemail%2Coffice_phone%2Cdate%2Cdla", listFieldsRead, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_field_is_one_argument_away_and_nothing_is_lost()
    {
        var page = (await _client.CallAsync("get_objects", new { object_type = "contacts", limit = 50, fields = new[] { "*" } })).Ok();
        Assert.Null(page["columns"]);
        var raw = JsonNode.Parse(await RawAsync("objects?objectID=0&range=50"))!["data"]!.AsArray();
        var items = page["items"]!.AsArray().Select(i => i!.AsObject()).ToDictionary(i => i["id"]!.GetValue<long>());
        var lost = new List<string>();
        foreach (var record in raw.Select(r => r!.AsObject()))
        {
            var shown = items[long.Parse(record["id"]!.GetValue<string>(), CultureInfo.InvariantCulture)];
            lost.AddRange(record.Where(p => IsNonEmpty(p.Value) && !shown.ContainsKey(ShownAs(p.Key))).Select(p => $"{record["id"]}.{p.Key}"));
        }

        output.WriteLine($"fields [\"*\"]: {page.ToJsonString().Length} characters for 50 contacts; non-empty raw fields missing: {lost.Count}");
        Assert.Empty(lost);
    }

    [Fact]
    public async Task A_record_in_full_reads_as_words_and_keeps_internal_fields_for_when_asked()
    {
        var contact = _host.DemoAccount.All(0).First(c => (c["contact_cat"] ?? "").Length > 3 && (c["updateSequence"] ?? "").Length > 3 && !string.IsNullOrEmpty(c["f1601"]) && c["f1601"] != "0");
        var id = long.Parse(contact["id"]!, CultureInfo.InvariantCulture);
        var record = (await _client.CallAsync("get_objects", new { object_type = "contacts", id })).Ok().AsObject();
        output.WriteLine(record.ToJsonString());

        var tagIds = ListOf(contact["contact_cat"]);
        var tags = record["tags"]!.AsArray().Select(t => t!.AsObject()).ToList();
        Assert.Equal(tagIds, tags.Select(t => t["id"]!.GetValue<long>()));
        Assert.All(tags, t => Assert.Equal(_host.DemoAccount.Find(14, t["id"]!.GetValue<long>())!["tag_name"], t["name"]!.GetValue<string>()));
        Assert.All(record["sequences"]!.AsArray(), s => Assert.Equal(_host.DemoAccount.Find(5, s!["id"]!.GetValue<long>())!["name"], s["name"]!.GetValue<string>()));
        var coaching = new Dictionary<string, string> { ["1"] = "Group Coaching", ["2"] = "1:1 Coaching", ["3"] = "Mastermind", ["4"] = "Self-paced Course" };
        Assert.Equal(coaching[contact["f1601"]!], record["Coaching Program"]!.GetValue<string>());
        Assert.Equal(long.Parse(contact["owner"]!, CultureInfo.InvariantCulture), record["owner"]!["id"]!.GetValue<long>());
        Assert.False(string.IsNullOrWhiteSpace(record["owner"]!["name"]!.GetValue<string>()));
        Assert.DoesNotContain(record, p => p.Key.StartsWith('f') && p.Key.Skip(1).All(char.IsDigit) || p.Key is "contact_cat" or "updateSequence");
        Assert.All(InternalFields, f => Assert.False(record.ContainsKey(f), $"{f} shown without being asked for"));

        var every = (await _client.CallAsync("get_objects", new { object_type = "contacts", id, fields = new[] { "*" } })).Ok().AsObject();
        Assert.Contains(every, p => p.Key is "unique_id" or "system_source" or "ip_addy");
        Assert.Equal(record["tags"]!.ToJsonString(), every["tags"]!.ToJsonString());

        var named = (await _client.CallAsync("get_objects", new { object_type = "contacts", id, fields = new[] { "unique_id", "tags", "Coaching Program" } })).Ok().AsObject();
        Assert.Equal(new[] { "Coaching Program", "id", "tags", "unique_id" }, named.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Names_come_from_one_batched_read_per_type_and_are_cached_per_account()
    {
        var first = (await _client.CallAsync("get_objects", new { object_type = "contacts", limit = 50, fields = new[] { "tags", "sequences" } })).Ok();
        var tagReads = _host.UpstreamRequests().Where(r => r.Path == "objects" && r.QueryString.Contains("objectID=14", StringComparison.Ordinal)).ToList();
        var sequenceReads = _host.UpstreamRequests().Where(r => r.Path == "objects" && r.QueryString.Contains("objectID=5&", StringComparison.Ordinal)).ToList();
        var distinctTags = first["items"]!.AsArray().SelectMany(i => i!["tags"]?.AsArray() ?? []).Select(t => t!["id"]!.GetValue<long>()).Distinct().Count();
        output.WriteLine($"50 contacts, {distinctTags} distinct tags: {tagReads.Count} tag read(s), {sequenceReads.Count} sequence read(s)");
        Assert.True(distinctTags > 1);
        Assert.Single(tagReads);
        Assert.Contains("ids=", tagReads[0].QueryString, StringComparison.Ordinal);
        Assert.Contains("listFields=", tagReads[0].QueryString, StringComparison.Ordinal);
        Assert.Single(sequenceReads);
        Assert.All(first["items"]!.AsArray().SelectMany(i => i!["tags"]?.AsArray() ?? []), t => Assert.NotNull(t!["name"]));

        var before = _host.UpstreamRequests().Count;
        await _client.CallAsync("get_objects", new { object_type = "contacts", limit = 50, fields = new[] { "tags", "sequences" } });
        Assert.Equal(before + 1, _host.UpstreamRequests().Count);
    }

    [Fact]
    public async Task A_page_over_the_size_cap_is_cut_and_says_so()
    {
        var text = new string('x', 4_000);
        foreach (var id in Enumerable.Range(1, 40))
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, "/sandbox/1/objects")
            {
                Content = new StringContent(new JsonObject { ["objectID"] = 0, ["id"] = id, ["address2"] = text }.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            using var response = await SendRawAsync(put);
            Assert.True(response.IsSuccessStatusCode);
        }

        var answer = await _client.CallAsync("get_objects", new { object_type = "contacts", limit = 50, fields = new[] { "address2" } });
        var page = answer.Ok();
        output.WriteLine($"{answer.Text.Length} characters, returned {page["returned"]}: {page["note"]}");
        Assert.True(page["returned"]!.GetValue<int>() < 40);
        Assert.True(answer.Text.Length <= 100_000);
        Assert.Equal(page["returned"]!.GetValue<int>(), page["next_start"]!.GetValue<int>());
        Assert.StartsWith("Truncated:", page["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("fields", page["note"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string ShownAs(string field) => field switch
    {
        "contact_cat" => "tags",
        "updateSequence" => "sequences",
        "updateCampaign" => "automations",
        "f1600" => "Related Company",
        "f1601" => "Coaching Program",
        "f1602" => "Referral Source",
        "f1603" => "Last Webinar Attended",
        _ => field,
    };

    private static List<long> ListOf(string? list) =>
        [.. (list ?? "").Split("*/*", StringSplitOptions.RemoveEmptyEntries).Select(i => long.Parse(i, CultureInfo.InvariantCulture))];

    /// <summary>Null, empty, and zero (unset dates and lookups are stored as "0") carry nothing.</summary>
    private static bool IsNonEmpty(JsonNode? value)
    {
        var text = value?.ToString();
        return !string.IsNullOrEmpty(text) && !(decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && number == 0) && text != "[]" && text != "{}";
    }

    private async Task<string> RawAsync(string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sandbox/1/" + pathAndQuery);
        using var response = await SendRawAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request)
    {
        request.Headers.Add("Api-Appid", ServerSettings.SandboxAppId);
        request.Headers.Add("Api-Key", "anything");
        return await _host.CreateClient().SendAsync(request);
    }
}
