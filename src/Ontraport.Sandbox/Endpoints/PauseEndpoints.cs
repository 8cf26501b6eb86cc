using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Routing;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>
/// POST <c>objects/pause</c> / <c>objects/unpause</c> for Sequences (5), Rules (6), Sequence Subscribers (8) and
/// Automations (140): sets the record's <c>pause</c> field; the answer has no <c>data</c> (ontraport-api.md §2).
/// </summary>
internal static class PauseEndpoints
{
    private static readonly HashSet<int> Pausable =
        [ObjectTypeIds.Sequence, ObjectTypeIds.Rule, ObjectTypeIds.SequenceSubscriber, ObjectTypeIds.Automation];

    public static void Map(RouteTable routes) => routes
        .Map("POST", "objects/pause", context => SetPaused(context, true))
        .Map("POST", "objects/unpause", context => SetPaused(context, false));

    private static ApiResult SetPaused(ApiContext context, bool paused)
    {
        var type = context.ObjectType();
        if (!Pausable.Contains(type.Id))
        {
            throw ApiError.BadRequest(SandboxChoices.PauseNotSupportedText(type));
        }

        var value = paused ? "1" : "0";
        foreach (var record in BulkTargets.Resolve(context, type))
        {
            if (record["pause"] != value)
            {
                record["pause"] = value;
                if (type.HasField("dlm"))
                {
                    record["dlm"] = context.UnixNow;
                }
            }
        }

        return ApiResult.NoData();
    }
}
