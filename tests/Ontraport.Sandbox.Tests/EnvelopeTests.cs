using System.Net;
using System.Text.Json;

namespace Ontraport.Sandbox.Tests;

/// <summary>The envelope, string values, plain-text errors, credentials and path aliases (ontraport-api.md §1, §6).</summary>
public class EnvelopeTests
{
    [Fact]
    public async Task Single_record_has_the_envelope_and_string_values()
    {
        using var sandbox = SandboxHarness.Create();

        var envelope = await sandbox.EnvelopeAsync(HttpMethod.Get, "object?objectID=0&id=1");

        var data = envelope.GetProperty("data");
        Assert.False(envelope.TryGetProperty("misc", out _));
        Assert.Equal("1", data.GetProperty("id").GetString());
        Assert.Equal("John", data.GetProperty("firstname").GetString());
        Assert.Equal("Smith", data.GetProperty("lastname").GetString());
        Assert.Equal(JsonValueKind.String, data.GetProperty("owner").ValueKind);
        Assert.Equal(JsonValueKind.String, data.GetProperty("date").ValueKind);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("fax").ValueKind);
        Assert.True(long.Parse(data.GetProperty("date").GetString()!) < SandboxHarness.Start.ToUnixTimeSeconds());
        foreach (var property in data.EnumerateObject())
        {
            Assert.True(property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null, $"{property.Name} is {property.Value.ValueKind}");
        }
    }

    [Fact]
    public async Task Record_keys_follow_the_documented_contact_order()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.GetAsync("Contact?id=2");

        var keys = data.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["id", "owner", "firstname", "lastname", "email", "address"], keys.Take(6));
        Assert.Equal("unique_id", keys[^1]);
    }

    [Fact]
    public async Task Lists_add_an_empty_misc_array()
    {
        using var sandbox = SandboxHarness.Create();

        var envelope = await sandbox.EnvelopeAsync(HttpMethod.Get, "objects?objectID=14");

        Assert.Equal(JsonValueKind.Array, envelope.GetProperty("misc").ValueKind);
        Assert.Equal(0, envelope.GetProperty("misc").GetArrayLength());
        Assert.Equal(12, envelope.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task GetInfo_reports_the_count_as_a_string_and_empty_maps_as_arrays()
    {
        using var sandbox = SandboxHarness.Create();

        var info = await sandbox.GetAsync("objects/getInfo?objectID=0");

        Assert.Equal(JsonValueKind.String, info.GetProperty("count").ValueKind);
        Assert.Equal("200", info.GetProperty("count").GetString());
        Assert.Equal(JsonValueKind.Array, info.GetProperty("listFieldSettings").ValueKind);
        Assert.Equal(JsonValueKind.Array, info.GetProperty("cardViewSettings").ValueKind);
        Assert.Equal(JsonValueKind.Array, info.GetProperty("viewMode").ValueKind);
        Assert.Contains("email", info.GetProperty("listFields").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task GetInfo_of_transactions_sums_the_total_as_a_number()
    {
        using var sandbox = SandboxHarness.Create();
        var expected = sandbox.Account.All(46).Sum(r => decimal.Parse(r["total"]!, System.Globalization.CultureInfo.InvariantCulture));

        var info = await sandbox.GetAsync("Transactions/getInfo");

        Assert.Equal(sandbox.Account.Count(46).ToString(System.Globalization.CultureInfo.InvariantCulture), info.GetProperty("count").GetString());
        Assert.Equal(29, sandbox.Account.Count(46));
        var total = info.GetProperty("sums").GetProperty("total");
        Assert.Equal(JsonValueKind.Number, total.ValueKind);
        Assert.Equal(expected, total.GetDecimal());
    }

    [Fact]
    public async Task GetInfo_honours_the_selection_parameters()
    {
        using var sandbox = SandboxHarness.Create();
        var californians = sandbox.Account.All(0).Count(c => c["state"] == "CA");
        var condition = SandboxHarness.Encode("""[{"field":{"field":"state"},"op":"=","value":{"value":"CA"}}]""");

        var info = await sandbox.GetAsync($"Contacts/getInfo?condition={condition}");

        Assert.True(californians >= 20, $"only {californians} contacts in CA");
        Assert.Equal(californians.ToString(System.Globalization.CultureInfo.InvariantCulture), info.GetProperty("count").GetString());
    }

    [Fact]
    public async Task Unknown_condition_field_is_400_Invalid_query_in_plain_text()
    {
        using var sandbox = SandboxHarness.Create();
        var condition = SandboxHarness.Encode("""[{"field":{"field":"Product_ID_Payment"},"op":"=","value":{"value":"1"}}]""");

        var body = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Get, $"Products?condition={condition}");

        Assert.Equal("Invalid query", body);
    }

    [Fact]
    public async Task Unknown_record_is_404_in_plain_text()
    {
        using var sandbox = SandboxHarness.Create();

        var body = await sandbox.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "object?objectID=0&id=99999");

        Assert.Contains("99999", body);
    }

    [Fact]
    public async Task Unknown_path_is_404_and_known_path_with_another_method_is_405()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "nothing/here");
        await sandbox.ErrorAsync(HttpStatusCode.MethodNotAllowed, HttpMethod.Post, "objects/getInfo?objectID=0");
    }

    [Fact]
    public async Task Missing_objectID_is_400()
    {
        using var sandbox = SandboxHarness.Create();

        var body = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Get, "objects");

        Assert.Contains("objectID", body);
    }

    [Fact]
    public async Task Unknown_object_type_and_non_integer_parameters_are_400()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Get, "objects?objectID=9999");
        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Get, "objects?objectID=zero");
        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Get, "objects?objectID=0&start=abc");
        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Get, "object?objectID=0");
    }

    [Theory]
    [InlineData(null, "key")]
    [InlineData("2_app", null)]
    [InlineData(null, null)]
    [InlineData("", "key")]
    public async Task Requests_without_both_credentials_get_401_in_plain_text(string? appId, string? key)
    {
        var sandbox = new OntraportSandbox(new SandboxOptions());
        using var client = new HttpClient(new SandboxHttpMessageHandler(sandbox)) { BaseAddress = new Uri("http://sandbox.invalid/1/") };
        if (appId is not null)
        {
            client.DefaultRequestHeaders.Add("Api-Appid", appId);
        }

        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("Api-Key", key);
        }

        using var response = await client.GetAsync("objects?objectID=0");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Api-Appid", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Header_names_are_case_insensitive()
    {
        var sandbox = new OntraportSandbox(new SandboxOptions());
        var response = await sandbox.HandleAsync(
            new SandboxRequest("GET", "object", "objectID=0&id=1", new Dictionary<string, string> { ["api-appid"] = "2_lower", ["API-KEY"] = "k" }, default, null),
            CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData("Contacts?range=3")]
    [InlineData("CONTACTS?range=3")]
    [InlineData("objects?objectID=0&range=3")]
    [InlineData("OBJECTS?objectID=0&range=3")]
    [InlineData("objects/?objectID=0&range=3")]
    public async Task Named_paths_and_any_case_reach_the_same_collection(string path)
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.GetAsync(path);

        Assert.Equal(["1", "2", "3"], data.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal("Jane", data[1].GetProperty("firstname").GetString());
    }

    [Theory]
    [InlineData("Contact?id=5", "Sarah")]
    [InlineData("contact?id=5", "Sarah")]
    [InlineData("object?objectID=0&id=5", "Sarah")]
    public async Task Singular_names_reach_one_record(string path, string firstName)
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.GetAsync(path);

        Assert.Equal(firstName, data.GetProperty("firstname").GetString());
        Assert.Equal("sarah@acme.com", data.GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("Taxtypes", 3)]
    [InlineData("Taxes", 3)]
    [InlineData("Shippingtypes", 2)]
    [InlineData("CampaignBuilderItems", 6)]
    [InlineData("Deals/getInfo", -1)]
    [InlineData("Projects", 20)]
    public async Task Every_documented_name_is_routed(string path, int expectedCount)
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.GetAsync(path);

        if (expectedCount >= 0)
        {
            Assert.Equal(expectedCount, data.GetArrayLength());
        }
        else
        {
            Assert.Equal("40", data.GetProperty("count").GetString());
        }
    }

    [Fact]
    public async Task Named_path_wins_over_objectID()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.GetAsync("Tags?objectID=0&range=1");

        Assert.Equal("customer", data[0].GetProperty("tag_name").GetString());
    }
}
