using System.Net;
using System.Text.Json;

namespace Ontraport.Sandbox.Tests;

/// <summary>Create, update, save-or-update and delete (ontraport-api.md §2.3, §6.5–6.8).</summary>
public class WriteTests
{
    [Fact]
    public async Task Create_returns_the_whole_record_with_server_fields()
    {
        using var sandbox = SandboxHarness.Create();
        var now = SandboxHarness.Start.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var data = await sandbox.DataAsync(HttpMethod.Post, "objects", SandboxHarness.Json("""{"objectID":0,"firstname":"Ada","lastname":"Lovelace","email":"ada@example.com","f1601":2}"""));

        Assert.Equal("201", data.GetProperty("id").GetString());
        Assert.Equal("Ada", data.GetProperty("firstname").GetString());
        Assert.Equal(now, data.GetProperty("date").GetString());
        Assert.Equal(now, data.GetProperty("dlm").GetString());
        Assert.Equal("1", data.GetProperty("owner").GetString());
        Assert.Equal("3", data.GetProperty("system_source").GetString());
        Assert.Equal(10, data.GetProperty("unique_id").GetString()!.Length);
        Assert.Equal(JsonValueKind.Number, data.GetProperty("f1601").ValueKind);
        Assert.Equal("2", sandbox.Account.Find(0, 201)!["f1601"]);
        Assert.Equal("ada@example.com", sandbox.Account.Find(0, 201)!["email"]);
    }

    [Fact]
    public async Task Create_on_a_named_path_with_a_form_body()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.DataAsync(HttpMethod.Post, "Companies", SandboxHarness.Form(("name", "Acme Labs"), ("state", "CA"), ("unknown_field", "x")));

        Assert.Equal("26", data.GetProperty("id").GetString());
        Assert.Equal("Acme Labs", data.GetProperty("name").GetString());
        Assert.False(data.TryGetProperty("unknown_field", out _));
        Assert.Equal(26, sandbox.Account.Count(150));
    }

    [Fact]
    public async Task Invalid_contact_email_is_422_and_nothing_is_stored()
    {
        using var sandbox = SandboxHarness.Create();

        var body = await sandbox.ErrorAsync((HttpStatusCode)422, HttpMethod.Post, "objects", SandboxHarness.Json("""{"objectID":0,"firstname":"Bad","email":"not an email"}"""));

        Assert.Contains("email", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(200, sandbox.Account.Count(0));
    }

    [Fact]
    public async Task Missing_required_field_and_read_only_types_are_refused()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "objects", SandboxHarness.Json("""{"objectID":16,"price":"10"}"""));
        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "objects", SandboxHarness.Json("""{"objectID":46,"total":"10"}"""));
        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Put, "objects", SandboxHarness.Json("""{"objectID":17,"id":1,"name":"x"}"""));
        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Delete, "object?objectID=46&id=1221");
        Assert.Equal(10, sandbox.Account.Count(16));
        Assert.NotNull(sandbox.Account.Find(46, 1221));
    }

    [Fact]
    public async Task Update_returns_only_changed_fields_then_dlm_and_id()
    {
        using var sandbox = SandboxHarness.Create();
        sandbox.Clock.Advance(TimeSpan.FromMinutes(5));
        var now = sandbox.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var data = await sandbox.DataAsync(HttpMethod.Put, "objects", SandboxHarness.Json("""{"objectID":0,"id":1,"firstname":"John","office_phone":"555-1234"}"""));

        var attrs = data.GetProperty("attrs");
        Assert.Equal(["office_phone", "dlm", "id"], attrs.EnumerateObject().Select(p => p.Name));
        Assert.Equal("555-1234", attrs.GetProperty("office_phone").GetString());
        Assert.Equal(now, attrs.GetProperty("dlm").GetString());
        Assert.Equal("1", attrs.GetProperty("id").GetString());
        Assert.Equal("555-1234", sandbox.Account.Find(0, 1)!["office_phone"]);
    }

    [Fact]
    public async Task Update_of_a_deal_stage_on_the_named_path()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.DataAsync(HttpMethod.Put, "Deals", SandboxHarness.Json("""{"id":1234,"sales_stage":"4"}"""));

        Assert.Equal("4", data.GetProperty("attrs").GetProperty("sales_stage").GetString());
        Assert.Equal("4", sandbox.Account.Find(149, 1234)!["sales_stage"]);
    }

    [Fact]
    public async Task Update_of_an_unknown_id_is_404_and_without_id_is_400()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Put, "objects", SandboxHarness.Json("""{"objectID":0,"id":5000,"firstname":"X"}"""));
        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Put, "objects", SandboxHarness.Json("""{"objectID":0,"firstname":"X"}"""));
    }

    [Fact]
    public async Task SaveOrUpdate_creates_when_the_email_is_new()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.DataAsync(HttpMethod.Post, "objects/saveorupdate", SandboxHarness.Form(("objectID", "0"), ("firstname", "Grace"), ("email", "grace@example.com")));

        Assert.False(data.TryGetProperty("attrs", out _));
        Assert.Equal("201", data.GetProperty("id").GetString());
        Assert.Equal("grace@example.com", data.GetProperty("email").GetString());
        Assert.True(data.TryGetProperty("unique_id", out _));
    }

    [Fact]
    public async Task SaveOrUpdate_merges_on_email_and_reports_changed_attrs()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.DataAsync(HttpMethod.Post, "Contacts/saveorupdate", SandboxHarness.Form(("firstname", "Sarah"), ("lastname", "Johnson"), ("email", "SARAH@acme.com"), ("title", "VP Marketing")));

        var attrs = data.GetProperty("attrs");
        Assert.Equal("5", attrs.GetProperty("id").GetString());
        Assert.Equal("VP Marketing", attrs.GetProperty("title").GetString());
        Assert.False(attrs.TryGetProperty("firstname", out _));
        Assert.Equal(200, sandbox.Account.Count(0));
    }

    [Fact]
    public async Task SaveOrUpdate_blank_values_overwrite_unless_ignore_blanks()
    {
        using var sandbox = SandboxHarness.Create();

        var ignored = await sandbox.DataAsync(HttpMethod.Post, "objects/saveorupdate", SandboxHarness.Form(("objectID", "0"), ("email", "john.smith@example.com"), ("title", ""), ("ignore_blanks", "true")));
        Assert.False(ignored.GetProperty("attrs").TryGetProperty("title", out _));
        Assert.Equal("Owner", sandbox.Account.Find(0, 1)!["title"]);

        var blanked = await sandbox.DataAsync(HttpMethod.Post, "objects/saveorupdate", SandboxHarness.Form(("objectID", "0"), ("email", "john.smith@example.com"), ("title", "")));
        Assert.Equal(string.Empty, blanked.GetProperty("attrs").GetProperty("title").GetString());
        Assert.Equal(string.Empty, sandbox.Account.Find(0, 1)!["title"]);
    }

    [Fact]
    public async Task SaveOrUpdate_on_other_types_merges_on_a_unique_field()
    {
        using var sandbox = SandboxHarness.Create();

        var merged = await sandbox.DataAsync(HttpMethod.Post, "objects/saveorupdate", SandboxHarness.Form(("objectID", "0"), ("unique_id", sandbox.Account.Find(0, 3)!["unique_id"]!), ("title", "COO")));

        Assert.Equal("3", merged.GetProperty("attrs").GetProperty("id").GetString());
        Assert.Equal("COO", sandbox.Account.Find(0, 3)!["title"]);
    }

    [Fact]
    public async Task Delete_one_then_it_is_gone()
    {
        using var sandbox = SandboxHarness.Create();

        var envelope = await sandbox.EnvelopeAsync(HttpMethod.Delete, "object?objectID=0&id=4");

        Assert.False(envelope.TryGetProperty("data", out _));
        await sandbox.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "Contact?id=4");
        await sandbox.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Delete, "object?objectID=0&id=4");
        Assert.DoesNotContain(sandbox.Account.All(138), r => r["object_type_id"] == "0" && r["object_id"] == "4");
    }

    [Fact]
    public async Task Delete_many_by_ids_ignores_missing_ids()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.DataAsync(HttpMethod.Delete, "objects?objectID=0&ids=7,8,99999");

        Assert.Equal("Deleted", data.GetString());
        Assert.Equal(198, sandbox.Account.Count(0));
        Assert.Null(sandbox.Account.Find(0, 7));
    }

    [Fact]
    public async Task Delete_many_by_condition_with_a_json_body()
    {
        using var sandbox = SandboxHarness.Create();
        var inNevada = sandbox.Account.All(0).Count(c => c["state"] == "NV");

        var data = await sandbox.DataAsync(HttpMethod.Delete, "objects", SandboxHarness.Json("""{"objectID":0,"condition":[{"field":{"field":"state"},"op":"=","value":{"value":"NV"}}]}"""));

        Assert.Equal("Deleted", data.GetString());
        Assert.True(inNevada > 0);
        Assert.Equal(200 - inNevada, sandbox.Account.Count(0));
        Assert.DoesNotContain(sandbox.Account.All(0), c => c["state"] == "NV");
    }

    [Theory]
    [InlineData("objects?objectID=0")]
    [InlineData("objects?objectID=0&performAll=1")]
    [InlineData("objects?objectID=0&performAll=true&ids=0")]
    [InlineData("Contacts?condition=%5B%5D")]
    public async Task Delete_all_is_ignored(string path)
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.DataAsync(HttpMethod.Delete, path);

        Assert.StartsWith("Ignored", data.GetString(), StringComparison.Ordinal);
        Assert.Equal(200, sandbox.Account.Count(0));
    }

    [Fact]
    public async Task Writing_contact_cat_keeps_tag_subscribers_in_step()
    {
        using var sandbox = SandboxHarness.Create();

        await sandbox.DataAsync(HttpMethod.Put, "objects", SandboxHarness.Json("""{"objectID":0,"id":4,"contact_cat":"*/*3*/*"}"""));

        Assert.Equal("*/*3*/*", sandbox.Account.Find(0, 4)!["contact_cat"]);
        Assert.Equal(["3"], sandbox.Account.All(138).Where(r => r["object_id"] == "4" && r["object_type_id"] == "0").Select(r => r["tag_id"]));
    }
}
