using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Routing;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>
/// PUT/DELETE <c>objects/sequence</c> (sequences) and <c>objects/subscribe</c> (<c>sub_type</c> <c>Campaign</c>, the
/// default, for automations; <c>Sequence</c> for sequences). Applied at once; answered "…now being processed.".
/// </summary>
internal static class SubscriptionEndpoints
{
    public const string ProcessingText = "The subscription is now being processed.";

    public static void Map(RouteTable routes) => routes
        .Map("PUT", "objects/sequence", context => Apply(context, sequences: true, add: true))
        .Map("DELETE", "objects/sequence", context => Apply(context, sequences: true, add: false))
        .Map("PUT", "objects/subscribe", context => Apply(context, IsSequenceSubType(context), add: true))
        .Map("DELETE", "objects/subscribe", context => Apply(context, IsSequenceSubType(context), add: false));

    private static bool IsSequenceSubType(ApiContext context)
    {
        var subType = context.Parameters.NonBlank("sub_type") ?? "Campaign";
        if (subType.Equals("Sequence", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return subType.Equals("Campaign", StringComparison.OrdinalIgnoreCase)
            ? false
            : throw ApiError.BadRequest("Bad Request: sub_type must be Campaign or Sequence.");
    }

    private static ApiResult Apply(ApiContext context, bool sequences, bool add)
    {
        var column = sequences ? Memberships.SequencesColumn : Memberships.AutomationsColumn;
        var type = BulkTargets.MemberType(context, column);
        var ids = BulkTargets.RequiredIds(context, add ? "add_list" : "remove_list");
        var memberships = context.Store.Memberships;
        foreach (var record in BulkTargets.Resolve(context, type))
        {
            foreach (var id in ids)
            {
                _ = (sequences, add) switch
                {
                    (true, true) => memberships.AddSequence(type, record, id, context.UnixNow),
                    (true, false) => memberships.RemoveSequence(type, record, id),
                    (false, true) => memberships.AddAutomation(type, record, id, context.UnixNow),
                    (false, false) => memberships.RemoveAutomation(type, record, id, context.UnixNow),
                };
            }
        }

        return ApiResult.Text(ProcessingText);
    }
}
