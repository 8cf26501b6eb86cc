using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;

namespace Ontraport.Client.Tests;

public class ObjectTypeCatalogTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("contacts", 0)]
    [InlineData("Contact", 0)]
    [InlineData(" CONTACTS ", 0)]
    [InlineData("deals", 149)]
    [InlineData("Companies", 150)]
    [InlineData("company", 150)]
    [InlineData("campaigns", 140)]
    [InlineData("automations", 140)]
    [InlineData("log_items", 4)]
    [InlineData("Tag Subscribers", 138)]
    [InlineData("transactions", 46)]
    [InlineData("invoices", 46)]
    [InlineData("Shippingtypes", 64)]
    [InlineData("pages", 20)]
    public void Resolves_ids_names_and_aliases(string input, int expected)
    {
        Assert.True(ObjectTypeCatalog.BuiltIn.TryResolve(input, out var type, out var error), error);
        Assert.Equal(expected, type.Id);
    }

    [Fact]
    public void Unknown_names_get_suggestions()
    {
        Assert.False(ObjectTypeCatalog.BuiltIn.TryResolve("contcts", out _, out var error));
        Assert.Equal("Unknown object type 'contcts'. Did you mean 'Contacts'?", error); // Ontraport's terms; the server adds the tool to call
    }

    [Fact]
    public void An_id_the_account_lacks_is_named_without_a_tool()
    {
        Assert.False(ObjectTypeCatalog.BuiltIn.TryResolve("9999", out _, out var error));
        Assert.Equal("There is no object type 9999 in this account.", error);
    }

    [Fact]
    public void Internal_types_are_not_exposed()
    {
        Assert.False(ObjectTypeCatalog.BuiltIn.TryResolve("users", out _, out _));
        Assert.False(ObjectTypeCatalog.BuiltIn.TryResolve("2", out _, out _));
    }

    [Fact]
    public void Every_type_of_the_seed_table_is_present_with_its_access()
    {
        var expected = new Dictionary<int, GenericAccess>
        {
            [0] = GenericAccess.All, [1] = GenericAccess.Get | GenericAccess.Put, [3] = GenericAccess.Get, [4] = GenericAccess.Get,
            [12] = GenericAccess.All, [14] = GenericAccess.All, [138] = GenericAccess.Get, [66] = GenericAccess.Get, [102] = GenericAccess.Get,
            [5] = GenericAccess.Get, [8] = GenericAccess.Get, [6] = GenericAccess.Get, [7] = GenericAccess.Get | GenericAccess.Delete,
            [20] = GenericAccess.Get, [23] = GenericAccess.Get, [80] = GenericAccess.Get, [100] = GenericAccess.Get, [140] = GenericAccess.Get,
            [16] = GenericAccess.All, [17] = GenericAccess.Get, [30] = GenericAccess.Get, [46] = GenericAccess.Get, [227] = GenericAccess.Get,
            [52] = GenericAccess.Get | GenericAccess.Delete, [44] = GenericAccess.Get, [45] = GenericAccess.Get, [63] = GenericAccess.Get,
            [64] = GenericAccess.Get, [70] = GenericAccess.Get, [35] = GenericAccess.Get, [36] = GenericAccess.Get, [37] = GenericAccess.Get,
            [38] = GenericAccess.Get, [149] = GenericAccess.All, [150] = GenericAccess.All, [172] = GenericAccess.Get,
        };
        foreach (var (id, access) in expected)
        {
            var type = ObjectTypeRegistry.Find(id);
            Assert.NotNull(type);
            Assert.Equal(access, type.Access);
        }

        Assert.Equal(expected.Count, ObjectTypeRegistry.BuiltIn.Count(t => t.Exposed));
    }

    [Fact]
    public void Custom_objects_come_from_the_metadata()
    {
        var metadata = new AccountMetadata(new Dictionary<int, ObjectMetadata>
        {
            [0] = new(0, "Contact", []),
            [10000] = new(10000, "Project", []),
        });
        var catalog = ObjectTypeCatalog.FromMetadata(metadata);
        Assert.True(catalog.TryResolve("projects", out var byName, out _));
        Assert.True(catalog.TryResolve("10000", out var byId, out _));
        Assert.Equal(10000, byName.Id);
        Assert.Same(byName, byId);
        Assert.Equal(GenericAccess.All, byName.Access);
    }
}
