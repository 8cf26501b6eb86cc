using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>manage_relationships end to end: lookup fields both ways, Custom Object Relationships, ambiguity, idempotence, bad input.</summary>
public class ManageRelationshipsToolTests : IAsyncLifetime
{
    private ServerHost Host { get; } = new(ServerHost.Weekend);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    [Fact]
    public async Task Add_Sarah_Jones_as_a_related_contact_for_Acme_Corp()
    {
        var answer = (await Host.CallAsync("manage_relationships", new { action = "link", object_type = "companies", id = 1, related_type = "contacts", related = "Sarah Jones" })).Ok();

        Assert.True(answer["changed"]!.GetValue<bool>());
        Assert.Equal("'f1600' (Related Company) on Contacts", answer["by"]!.GetValue<string>());
        Assert.Equal(("Acme Corp", "Sarah Jones"), (answer["record"]!["name"]!.GetValue<string>(), answer["related"]!["name"]!.GetValue<string>()));
        var write = Assert.Single(Host.Writes);
        Assert.Equal(("PUT", "objects"), (write.Method, write.Path));
        Assert.Equal("""{"objectID":0,"id":3,"f1600":"1"}""", write.BodyText);

        var sarah = (await Host.CallAsync("get_objects", new { object_type = "contacts", id = 3, fields = new[] { "Related Company" } })).Ok();
        Assert.Equal((1, "Acme Corp"), (sarah["Related Company"]!["id"]!.GetValue<int>(), sarah["Related Company"]!["name"]!.GetValue<string>()));
        var employees = (await Host.CallAsync("get_objects", new { object_type = "contacts", condition = "f1600 = 1", fields = new[] { "lastname" }, limit = 50 })).Ok();
        Assert.Contains(3, employees["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task The_same_link_from_the_contact_side_then_unlinking_it()
    {
        (await Host.CallAsync("manage_relationships", new { action = "link", object_type = "contacts", contact = "Sarah Jones", related_type = "companies", related = "Acme Corp" })).Ok();
        Assert.Equal("1", Host.DemoAccount.Find(0, 3)!["f1600"]);

        var again = (await Host.CallAsync("manage_relationships", new { action = "link", object_type = "contacts", contact = "3", related_type = "companies", related = "1" })).Ok();
        Assert.False(again["changed"]!.GetValue<bool>());
        Assert.Single(Host.Writes);

        (await Host.CallAsync("manage_relationships", new { action = "unlink", object_type = "contacts", contact = "3", related_type = "companies", related = "Acme Corp" })).Ok();
        Assert.Equal("0", Host.DemoAccount.Find(0, 3)!["f1600"]);
        var sarah = (await Host.CallAsync("get_objects", new { object_type = "contacts", id = 3 })).Ok();
        Assert.Null(sarah["f1600"]);
    }

    [Fact]
    public async Task Unlinking_a_record_linked_elsewhere_changes_nothing()
    {
        var answer = (await Host.CallAsync("manage_relationships", new { action = "unlink", object_type = "contacts", contact = "sarah@acme.com", related_type = "companies", related = "19" })).Ok();

        Assert.False(answer["changed"]!.GetValue<bool>());
        Assert.Contains("Related Company of contact 5 is 1", answer["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Host.Writes);
    }

    [Fact]
    public async Task A_deal_links_to_its_primary_contact()
    {
        var answer = (await Host.CallAsync("manage_relationships", new { action = "link", object_type = "contacts", contact = "John Smith", related_type = "deals", related = "1234" })).Ok();

        Assert.Equal("'primary_contact' (Primary Contact) on Deals", answer["by"]!.GetValue<string>());
        Assert.Equal(5, answer["replaces"]!.GetValue<int>());
        Assert.Equal("1", Host.DemoAccount.Find(149, 1234)!["primary_contact"]);
    }

    [Fact]
    public async Task Projects_and_contacts_can_be_linked_two_ways_so_the_tool_asks()
    {
        var ask = (await Host.CallAsync("manage_relationships", new { action = "link", object_type = "projects", id = 3, related_type = "contacts", related = "Jane Doe" })).Error();
        Assert.Contains("field \"f2002\" (Client, on Projects)", ask, StringComparison.Ordinal);
        Assert.Contains("relationship \"Collaborator\"", ask, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);

        (await Host.CallAsync("manage_relationships", new { action = "link", object_type = "projects", id = 3, related_type = "contacts", related = "Jane Doe", field = "Client" })).Ok();
        Assert.Equal("2", Host.DemoAccount.Find(10000, 3)!["f2002"]);

        var rows = Host.DemoAccount.Count(102);
        var linked = (await Host.CallAsync("manage_relationships", new { action = "link", object_type = "contacts", contact = "Jane Doe", related_type = "projects", related = "3", relationship = "Collaborator" })).Ok();
        Assert.Contains("project 3 → contact 2", linked["by"]!.GetValue<string>(), StringComparison.Ordinal); // oriented like the existing Collaborator links
        var row = Host.DemoAccount.All(102)[^1];
        Assert.Equal(rows + 1, Host.DemoAccount.Count(102));
        Assert.Equal(("Collaborator", "10000", "3", "0", "2"), (row["name"], row["parent_object_type_id"], row["parent_id"], row["child_object_type_id"], row["child_id"]));
    }

    [Fact]
    public async Task Two_contacts_link_through_a_named_relationship_and_unlink_again()
    {
        var ask = (await Host.CallAsync("manage_relationships", new { action = "link", object_type = "contacts", contact = "Sarah Jones", related_type = "contacts", related = "John Smith" })).Error();
        Assert.Contains("relationship \"Referred by\"", ask, StringComparison.Ordinal);

        var rows = Host.DemoAccount.Count(102);
        var linked = (await Host.CallAsync("manage_relationships", new { action = "link", object_type = "contacts", contact = "Sarah Jones", related_type = "contacts", related = "John Smith", relationship = "Referred by" })).Ok();
        Assert.True(linked["changed"]!.GetValue<bool>());
        var later = (await Host.CallAsync("get_objects", new { object_type = "Custom Object Relationships", condition = "parent_id = 3 AND child_id = 1" })).Ok();
        Assert.Equal("Referred by", later["items"]![0]!["name"]!.GetValue<string>());

        var repeat = (await Host.CallAsync("manage_relationships", new { action = "link", object_type = "contacts", contact = "3", related_type = "contacts", related = "1", relationship = "Referred by" })).Ok();
        Assert.False(repeat["changed"]!.GetValue<bool>());

        (await Host.CallAsync("manage_relationships", new { action = "unlink", object_type = "contacts", contact = "3", related_type = "contacts", related = "1", relationship = "Referred by" })).Ok();
        Assert.Equal(rows, Host.DemoAccount.Count(102));
        Assert.Equal(["POST", "DELETE"], Host.Writes.Select(w => w.Method));
    }

    [Fact]
    public async Task Dry_run_returns_the_update_and_changes_nothing()
    {
        var answer = (await Host.CallAsync("manage_relationships", new { action = "link", object_type = "contacts", contact = "Sarah Jones", related_type = "companies", related = "Acme Corp", dry_run = true })).Ok();

        Assert.Equal("""{"objectID":0,"id":3,"f1600":"1"}""", answer["requests"]![0]!["body"]!.ToJsonString());
        Assert.Empty(Host.Writes);
        Assert.Null(Host.DemoAccount.Find(0, 3)!["f1600"]);
    }

    [Theory]
    [InlineData("""{"action":"link","object_type":"companies","id":1,"related_type":"tags","related":"3"}""", "No lookup field links Companies and Tags")]
    [InlineData("""{"action":"link","object_type":"contacts","contact":"3","related_type":"companies","related":"1","field":"owner"}""", "field 'owner' does not link Contacts and Companies. pass field \"f1600\"")]
    [InlineData("""{"action":"link","object_type":"companies","id":1,"related_type":"deals","related":"1234","relationship":"Partner"}""", "Custom Object Relationships link contacts and custom objects, not Companies and Deals")]
    [InlineData("""{"action":"link","object_type":"contacts","contact":"3","related_type":"companies","related":"Initech Global"}""", "related: no company is named 'Initech Global'")]
    [InlineData("""{"action":"link","object_type":"contacts","contact":"3","related_type":"contacts","related":"3","relationship":"Referred by"}""", "cannot be linked to itself")]
    public async Task Refusals_write_nothing(string arguments, string expected)
    {
        var error = (await Host.CallAsync("manage_relationships", JsonNode.Parse(arguments))).Error();

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(Host.Writes);
    }

    [Theory]
    [InlineData("""{"action":"join","object_type":"contacts","contact":"3","related_type":"companies","related":"1"}""", "action must be link or unlink")]
    [InlineData("""{"action":"link","object_type":"contacts","related_type":"companies","related":"1"}""", "Give the first record as id")]
    [InlineData("""{"action":"link","object_type":"contacts","id":3,"contact":"3","related_type":"companies","related":"1"}""", "Give the first record as id")]
    [InlineData("""{"action":"link","object_type":"companies","contact":"3","related_type":"contacts","related":"1"}""", "object_type is Companies")]
    [InlineData("""{"action":"link","object_type":"contacts","id":3,"related_type":"companies","related":" "}""", "related is required")]
    [InlineData("""{"action":"link","object_type":"contacts","id":3,"related_type":"companies","related":"1","field":"f1600","relationship":"x"}""", "not both")]
    [InlineData("""{"action":"link","object_type":"contacts","id":3,"related_type":"widgets","related":"1"}""", "Unknown object type 'widgets'")]
    public async Task Bad_input_is_an_error_that_costs_no_upstream_request(string arguments, string expected)
    {
        var error = (await Host.CallAsync("manage_relationships", JsonNode.Parse(arguments))).Error();

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, Host.UpstreamCount);
    }
}
