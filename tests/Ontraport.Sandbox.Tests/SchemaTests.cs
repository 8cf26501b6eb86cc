using System.Net;
using System.Text.Json;

namespace Ontraport.Sandbox.Tests;

/// <summary><c>objects/meta</c> (ontraport-api.md §2.4) and <c>objects/fieldeditor</c> (§2.5).</summary>
public class SchemaTests
{
    [Fact]
    public async Task Meta_by_id_describes_fields_with_string_flags()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.GetAsync("objects/meta?objectID=0");

        var contact = data.GetProperty("0");
        Assert.Equal("Contact", contact.GetProperty("name").GetString());
        var firstname = contact.GetProperty("fields").GetProperty("firstname");
        Assert.Equal("First Name", firstname.GetProperty("alias").GetString());
        Assert.Equal("text", firstname.GetProperty("type").GetString());
        Assert.Equal("0", firstname.GetProperty("required").GetString());
        Assert.Equal("1", firstname.GetProperty("editable").GetString());
        Assert.Equal("Lifetime Value", contact.GetProperty("fields").GetProperty("spent").GetProperty("alias").GetString());
        Assert.False(contact.GetProperty("fields").TryGetProperty("id", out _));
    }

    [Fact]
    public async Task Meta_shows_lookup_targets_and_drop_down_options()
    {
        using var sandbox = SandboxHarness.Create();

        var fields = (await sandbox.GetAsync("Contacts/meta")).GetProperty("0").GetProperty("fields");

        var company = fields.GetProperty("f1600");
        Assert.Equal("parent", company.GetProperty("type").GetString());
        Assert.Equal("150", company.GetProperty("parent_object").GetString());
        Assert.Equal(JsonValueKind.Null, company.GetProperty("editable").ValueKind);
        Assert.Equal("1", company.GetProperty("deletable").GetString());
        var bulkMail = fields.GetProperty("bulk_mail").GetProperty("options");
        Assert.Equal("Double opt-in", bulkMail.GetProperty("2").GetString());
        Assert.Equal("Hard bounce", bulkMail.GetProperty("-2").GetString());
    }

    [Fact]
    public async Task Meta_without_objectID_lists_every_type_with_custom_objects()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.GetAsync("objects/meta");

        var ids = data.EnumerateObject().Select(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        int[] required = [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 14, 16, 17, 20, 23, 30, 35, 36, 37, 38, 44, 45, 46, 52, 63, 64, 65, 66, 70, 80, 100, 102, 138, 140, 149, 150, 172, 227];
        Assert.All(required, id => Assert.Contains(id, ids));
        Assert.Contains(ids, id => id >= 10000);
        Assert.Equal("Invoice", data.GetProperty("46").GetProperty("name").GetString());
        var project = data.GetProperty("10000");
        Assert.Equal("Project", project.GetProperty("name").GetString());
        Assert.Contains(project.GetProperty("fields").EnumerateObject(), f => f.Value.GetProperty("type").GetString() == "parent" && f.Value.GetProperty("parent_object").GetString() == "0");
    }

    [Fact]
    public async Task Meta_by_name_keys_types_by_their_name()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.GetAsync("objects/meta?format=byName");

        Assert.Equal("0", data.GetProperty("Contact").GetProperty("id").GetString());
        Assert.Equal("149", data.GetProperty("Deal").GetProperty("id").GetString());
        Assert.True(data.GetProperty("Deal").GetProperty("fields").TryGetProperty("sales_stage", out var stage));
        Assert.Equal("Negotiation", stage.GetProperty("options").GetProperty("4").GetString());
        await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Get, "objects/meta?format=sideways");
    }

    [Fact]
    public async Task Fieldeditor_returns_sections_with_up_to_three_columns()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.GetAsync("objects/fieldeditor?objectID=0");

        var first = data.GetProperty("1");
        Assert.Equal(1, first.GetProperty("id").GetInt32());
        Assert.Equal("Contact Information", first.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("description").ValueKind);
        var columns = first.GetProperty("fields");
        Assert.InRange(columns.GetArrayLength(), 1, 3);
        var field = columns[0][0];
        Assert.Equal(JsonValueKind.Number, field.GetProperty("id").ValueKind);
        Assert.Equal("owner", field.GetProperty("field").GetString());
        Assert.Equal(JsonValueKind.Number, field.GetProperty("required").ValueKind);
        Assert.Equal(JsonValueKind.String, field.GetProperty("options").ValueKind);
        var allFields = data.EnumerateObject().SelectMany(s => s.Value.GetProperty("fields").EnumerateArray().SelectMany(c => c.EnumerateArray())).Select(f => f.GetProperty("field").GetString()).ToList();
        Assert.Equal(sandbox.Account.Find(0, 1)!.Keys.Where(k => k != "id").Order(), allFields.Order());
    }

    [Fact]
    public async Task Fieldeditor_narrows_to_a_section_or_a_field()
    {
        using var sandbox = SandboxHarness.Create();

        var section = await sandbox.GetAsync("Contacts/fieldeditor?section=Coaching");
        var field = await sandbox.GetAsync("Contacts/fieldeditor?field=f1601");

        Assert.Equal("Coaching", section.GetProperty("name").GetString());
        Assert.Equal("Coaching Program", field.GetProperty("alias").GetString());
        Assert.Contains("Mastermind", field.GetProperty("options").GetString());
        await sandbox.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "Contacts/fieldeditor?section=Nope");
        await sandbox.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "Contacts/fieldeditor?field=nope");
    }
}
