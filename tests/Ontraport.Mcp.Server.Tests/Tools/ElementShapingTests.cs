using System.Text.Json;
using System.Text.Json.Nodes;
using Ontraport.Client.Metadata;
using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// A page shaped straight from the elements of the upstream answer (issue 22) writes the bytes the node path writes:
/// compact values, dates, drop-downs, multi-selects, labels of custom fields, hidden internal fields, nested values,
/// non-ASCII and HTML-sensitive text; a custom field labelled like another field (where the node path renames or
/// replaces); records whose fields come in another order; and the items read as a list (the over-the-cap path).
/// </summary>
public class ElementShapingTests
{
    private static readonly ObjectMetadata Metadata = new(0, "Contact",
    [
        new FieldMetadata { Name = "firstname", Alias = "First Name", Type = "text" },
        new FieldMetadata { Name = "city", Alias = "City", Type = "text" },
        new FieldMetadata { Name = "f1234", Alias = "city", Type = "text" },
        new FieldMetadata { Name = "f1300", Alias = "Shoe size", Type = "numeric" },
        new FieldMetadata { Name = "f1500", Alias = "Favourite", Type = "drop", Options = new Dictionary<string, string> { ["1"] = "Red", ["2"] = "Blue <b>" } },
        new FieldMetadata { Name = "f1600", Alias = "Sizes", Type = "list", Options = new Dictionary<string, string> { ["7"] = "S", ["8"] = "M" } },
        new FieldMetadata { Name = "date_added", Alias = "Date Added", Type = "timestamp" },
        new FieldMetadata { Name = "spent", Alias = "Spent", Type = "price" },
    ]);

    private const string Page = """
        [
          {"id":"1","firstname":"Zoë \"<b>\" \u00e9","lastname":"","email":null,"f1300":"42.50","f1500":"2","f1600":"*/*7*/*9*/*",
           "date_added":"1538603619","spent":"12.50","nested":{"a":"é","b":[1,null]},"empty":{},"none":[],"list":[1,2],
           "flag":true,"num":5,"ids":"*/*3*/*x*/*","bindex":"9","f1700":"hi 😀","title":"Zoë <i>&' ü ","blank":"","tags":"*/*4*/*"},
          {"id":"2","f1234":"Paris","city":"Lyon","firstname":"Ann"},
          {"firstname":"Bo","id":"3","city":"Nice"},
          {"id":"4","f1234":"","city":"Metz"},
          {}
        ]
        """;

    private static async Task<(string Elements, string Nodes, ShapedRecords Shaped)> ShapeBothAsync(FieldSelection selection)
    {
        using var document = JsonDocument.Parse(Page);
        var type = ObjectTypeCatalog.BuiltIn.Find(0)!;
        List<JsonElement> page = [.. document.RootElement.EnumerateArray()];
        var elements = await ReadableRecords.ShapeAsync(null!, type, Metadata, page, selection, CancellationToken.None);
        var records = JsonNode.Parse(Page)!.AsArray().Select(r => new OntraportRecord(r!.AsObject(), 0)).ToList();
        var nodes = await ReadableRecords.ShapeAsync(null!, type, Metadata, records, selection, CancellationToken.None);
        string Write(IReadOnlyList<JsonObject> items) => JsonSerializer.Serialize(new RecordPage { Start = 0, Returned = items.Count, Items = items }, ToolJson.Of<RecordPage>());
        var written = Write(elements);
        var listed = Write([.. elements.Select(e => (JsonObject)e.DeepClone())]); // read as a list: the nodes of the fallback
        Assert.Equal(written, listed);
        return (written, Write(nodes), elements);
    }

    [Fact]
    public async Task The_default_view_writes_the_bytes_of_the_node_path()
    {
        var (elements, nodes, _) = await ShapeBothAsync(FieldSelection.Default);
        Assert.Equal(nodes, elements);
        Assert.Contains("""{"id":1,"firstname":"Zoë \"<b>\" é","Shoe size":42.50,"Favourite":"Blue <b>","Sizes":["S","9"],"date_added":"2018-10-03T21:53:39Z","spent":12.50,"nested":{"a":"é","b":[1,null]},"list":[1,2],"flag":true,"num":5,"ids":[3,"x"],""", elements, StringComparison.Ordinal);
        Assert.Contains("""{"id":2,"city":"Lyon","firstname":"Ann"}""", elements, StringComparison.Ordinal); // the label "city" replaced by the field city, as the node path does
        Assert.Contains("""{"firstname":"Bo","id":3,"city":"Nice"}""", elements, StringComparison.Ordinal);
        Assert.DoesNotContain("bindex", elements, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_field_and_named_fields_write_the_bytes_of_the_node_path()
    {
        var (all, allNodes, _) = await ShapeBothAsync(FieldSelection.AllFields);
        Assert.Equal(allNodes, all);
        Assert.Contains("\"bindex\":\"9\"", all, StringComparison.Ordinal);

        var (some, someNodes, shaped) = await ShapeBothAsync(FieldSelection.Only(["city", "f1500"]));
        Assert.Equal(someNodes, some);
        Assert.Equal(5, shaped.Count);
        Assert.Equal("""{"id":4,"city":"Metz"}""", shaped[3].ToJsonString());
    }
}
