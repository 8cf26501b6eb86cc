using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Selection;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>
/// The records a bulk action (tag, sequence, subscribe, pause) applies to: <c>ids</c>, or a group/condition/search,
/// or everything with <c>performAll</c> (ontraport-api.md §2.1 "Target-set semantics").
/// </summary>
internal static class BulkTargets
{
    public static List<Record> Resolve(ApiContext context, ObjectTypeSchema type)
    {
        var selection = RecordSelection.From(context.Parameters, type);
        if (!selection.HasFilter && !selection.PerformAll)
        {
            throw ApiError.BadRequest(SandboxChoices.MissingTargetText);
        }

        return selection.Apply(context.Store, type).ToList();
    }

    /// <summary>The object type of a membership action; 400 when the type has no such membership list.</summary>
    public static ObjectTypeSchema MemberType(ApiContext context, string membershipColumn)
    {
        var type = context.ObjectType();
        return type.HasField(membershipColumn)
            ? type
            : throw ApiError.BadRequest($"Bad Request: {type.Plural} ({type.Id}) records have no {membershipColumn}.");
    }

    /// <summary>A required id list such as <c>add_list</c>; 400 when missing or empty.</summary>
    public static IReadOnlyList<long> RequiredIds(ApiContext context, string name)
    {
        var ids = context.Parameters.Ids(name);
        return ids.Count > 0 ? ids : throw ApiError.BadRequest($"Bad Request: {name} is required.");
    }
}
