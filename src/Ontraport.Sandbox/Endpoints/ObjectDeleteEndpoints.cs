using Ontraport.Sandbox.Commerce;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Routing;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Selection;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>DELETE <c>object</c> (one record) and DELETE <c>objects</c> (many; delete-all is ignored, ontraport-api.md §6.6).</summary>
internal static class ObjectDeleteEndpoints
{
    public static void Map(RouteTable routes) => routes
        .Map("DELETE", "object", DeleteOne)
        .Map("DELETE", "objects", DeleteMany);

    private static ApiResult DeleteOne(ApiContext context)
    {
        var type = context.ObjectType(ObjectAccess.Delete);
        var record = context.RequiredRecord(type);
        if (type.Id == ObjectTypeIds.Order)
        {
            OrderBook.Cancel(context, record); // deleting an order cancels it (SandboxChoices.Commerce)
            return ApiResult.NoData();
        }

        context.Store.Memberships.Forget(type, record, context.UnixNow);
        context.Store.Table(type).Remove(record.Id);
        return ApiResult.NoData();
    }

    private static ApiResult DeleteMany(ApiContext context)
    {
        var type = context.ObjectType(ObjectAccess.Delete);
        var selection = RecordSelection.From(context.Parameters, type);
        if (!selection.HasFilter)
        {
            // "To protect your accounts you cannot delete all records in a collection. The system ignores those requests."
            return ApiResult.Text(SandboxChoices.DeleteAllIgnoredText);
        }

        foreach (var record in selection.Apply(context.Store, type).ToList())
        {
            if (type.Id == ObjectTypeIds.Order)
            {
                OrderBook.Cancel(context, record);
                continue;
            }

            context.Store.Memberships.Forget(type, record, context.UnixNow);
            context.Store.Table(type).Remove(record.Id);
        }

        return ApiResult.Text("Deleted");
    }
}
