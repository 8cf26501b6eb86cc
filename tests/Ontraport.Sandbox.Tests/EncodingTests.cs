using System.Text.Json;

namespace Ontraport.Sandbox.Tests;

/// <summary>The three array encodings and the body types clients use (ontraport-api.md §1.3).</summary>
public class EncodingTests
{
    private static List<string?> Ids(JsonElement data) => data.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();

    [Theory]
    [InlineData("ids=1,3")]
    [InlineData("ids%5B%5D=1&ids%5B%5D=3")]
    [InlineData("ids%5B0%5D=1&ids%5B1%5D=3")]
    [InlineData("ids=%5B1%2C3%5D")]
    public async Task Ids_as_comma_list_php_array_or_json_array(string query)
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.GetAsync($"objects?objectID=0&{query}");

        Assert.Equal(["1", "3"], Ids(data));
    }

    [Fact]
    public async Task Php_arrays_in_a_form_body()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.DataAsync(HttpMethod.Put, "objects/tag", SandboxHarness.Form(("objectID", "0"), ("add_list[0]", "9"), ("add_list[1]", "10"), ("ids[]", "4"), ("ids[]", "5")));

        Assert.Equal("*/*4*/*9*/*10*/*", sandbox.Account.Find(0, 4)!["contact_cat"]);
        Assert.EndsWith("*/*9*/*10*/*", sandbox.Account.Find(0, 5)!["contact_cat"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_bodies_carry_arrays_numbers_and_booleans()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.DataAsync(HttpMethod.Put, "objects/tag", SandboxHarness.Json("""{"objectID":0,"add_list":[11],"ids":[1,2],"performAll":false}"""));

        Assert.Contains("11", sandbox.Account.Find(0, 1)!["contact_cat"]!.Split("*/*"));
        Assert.Contains("11", sandbox.Account.Find(0, 2)!["contact_cat"]!.Split("*/*"));
        Assert.DoesNotContain("11", sandbox.Account.Find(0, 3)!["contact_cat"]!.Split("*/*"));
    }

    [Fact]
    public async Task A_body_without_content_type_is_read_as_json_or_form()
    {
        using var sandbox = SandboxHarness.Create();
        var jsonBody = new ByteArrayContent("""{"objectID":14,"tag_name":"no header"}"""u8.ToArray());
        var formBody = new ByteArrayContent("objectID=14&tag_name=form+style"u8.ToArray());

        var json = await sandbox.DataAsync(HttpMethod.Post, "objects", jsonBody);
        var form = await sandbox.DataAsync(HttpMethod.Post, "objects", formBody);

        Assert.Equal("no header", json.GetProperty("tag_name").GetString());
        Assert.Equal("form style", form.GetProperty("tag_name").GetString());
    }

    [Fact]
    public async Task Body_values_win_over_query_values()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.DataAsync(HttpMethod.Post, "objects?objectID=0", SandboxHarness.Json("""{"objectID":14,"tag_name":"from body"}"""));

        Assert.Equal("from body", data.GetProperty("tag_name").GetString());
        Assert.Equal(13, sandbox.Account.Count(14));
    }

    [Fact]
    public async Task Create_echoes_values_with_the_json_type_they_were_sent_with()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.DataAsync(HttpMethod.Post, "objects", SandboxHarness.Json("""{"objectID":10000,"f2001":"New project","f2002":1,"f2006":2500.5}"""));

        Assert.Equal(JsonValueKind.Number, data.GetProperty("f2002").ValueKind);
        Assert.Equal(2500.5m, data.GetProperty("f2006").GetDecimal());
        Assert.Equal(JsonValueKind.String, data.GetProperty("id").ValueKind);
        Assert.Equal("2500.5", sandbox.Account.Find(10000, 21)!["f2006"]);
    }
}
