namespace Ontraport.Mcp.Server.Tests;

/// <summary>saveorupdate_object through the SDK's McpClient, the host and the sandbox: happy path, bad input, guard.</summary>
public class SaveOrUpdateObjectToolTests : CrudToolHost
{
    [Fact]
    public async Task Saveorupdate_merges_an_existing_contact_by_email_and_reports_only_changes()
    {
        var answer = (await _client.CallAsync("saveorupdate_object", new { object_type = "contacts", values = new { email = "sarah@acme.com", firstname = "Sarah", lastname = "Johnson", title = "COO" } })).Ok();
        Assert.False(answer["created"]!.GetValue<bool>());
        Assert.Equal(5, answer["merged_into"]!.GetValue<int>());
        Assert.Equal("COO", answer["changed"]!["title"]!.GetValue<string>());
        Assert.Equal("COO", _host.DemoAccount.Find(0, 5)!["title"]);
        Assert.Equal(200, _host.DemoAccount.Count(0));
    }

    [Fact]
    public async Task Saveorupdate_creates_a_new_contact_once()
    {
        var answer = (await _client.CallAsync("saveorupdate_object", new { object_type = "contacts", values = new { email = "new.person@example.com", firstname = "New", bulk_mail = "opted-in" } })).Ok();
        Assert.True(answer["created"]!.GetValue<bool>());
        var id = answer["id"]!.GetValue<long>();
        Assert.Equal("1", _host.DemoAccount.Find(0, id)!["bulk_mail"]);
        Assert.Single(_host.UpstreamRequests(), r => r.Path == "objects/saveorupdate");
    }

    [Fact]
    public async Task Saveorupdate_without_an_email_is_refused_before_sending()
    {
        var error = (await _client.CallAsync("saveorupdate_object", new { object_type = "contacts", values = new { firstname = "Nobody" } })).Error();
        Assert.Contains("needs an email", error, StringComparison.Ordinal);
        Assert.Equal(0, UpstreamCount);
    }

    [Fact]
    public async Task Saveorupdate_rejects_unknown_fields_and_bad_values_all_at_once()
    {
        var error = (await _client.CallAsync("saveorupdate_object", new { object_type = "contacts", values = new { email = "not-an-email", lifetime_valu = 5, birthday = "someday" } })).Error();
        Assert.Contains("'not-an-email' is not an email address", error, StringComparison.Ordinal);
        Assert.Contains("did you mean 'spent' (Lifetime Value)", error, StringComparison.Ordinal);
        Assert.Contains("'someday' is not a date", error, StringComparison.Ordinal);
        Assert.Equal(0, UpstreamCount);
    }
}
