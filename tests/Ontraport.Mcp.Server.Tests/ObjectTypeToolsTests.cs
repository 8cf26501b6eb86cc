using Ontraport.Client.ObjectTypes;
using Ontraport.Mcp.Server.Tools;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>The server's type → tool table names real tools, and the commerce types change only through their tools.</summary>
public class ObjectTypeToolsTests
{
    [Fact]
    public void Every_tool_the_table_names_exists()
    {
        Assert.All(ObjectTypeTools.AllNames, name => Assert.NotNull(ToolCatalog.Find(name)));
    }

    [Theory]
    [InlineData(ObjectTypeIds.Transaction, "create_invoice")]
    [InlineData(ObjectTypeIds.Payment, "refund_transaction")]
    [InlineData(ObjectTypeIds.Order, "cancel_subscription")]
    public void Invoices_payments_and_orders_are_written_only_through_their_tools(int typeId, string tool)
    {
        var through = ObjectTypeTools.WritesOnlyThrough(ObjectTypeRegistry.Find(typeId)!);

        Assert.Contains(tool, through, StringComparison.Ordinal);
        Assert.All(through!.Replace(" or ", ", ", StringComparison.Ordinal).Split(", "), name => Assert.NotNull(ToolCatalog.Find(name)));
    }

    [Fact]
    public void Other_types_have_no_write_restriction_beyond_their_access()
    {
        Assert.All(ObjectTypeRegistry.BuiltIn.Where(t => t.Id is not (ObjectTypeIds.Transaction or ObjectTypeIds.Payment or ObjectTypeIds.Order)),
            type => Assert.Null(ObjectTypeTools.WritesOnlyThrough(type)));
    }
}
