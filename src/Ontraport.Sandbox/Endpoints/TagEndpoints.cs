using System.Globalization;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Routing;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>
/// PUT/DELETE <c>objects/tag</c> (tag ids, form) and <c>objects/tagByName</c> (names, JSON; adding creates missing
/// tags). The real API queues the work; the sandbox applies it at once so later reads see it.
/// </summary>
internal static class TagEndpoints
{
    public const string ProcessingText = "The tag is now being processed.";

    public static void Map(RouteTable routes) => routes
        .Map("PUT", "objects/tag", AddById)
        .Map("DELETE", "objects/tag", RemoveById)
        .Map("PUT", "objects/tagByName", AddByName)
        .Map("DELETE", "objects/tagByName", RemoveByName);

    private static ApiResult AddById(ApiContext context)
    {
        var type = BulkTargets.MemberType(context, Memberships.TagsColumn);
        var tagIds = BulkTargets.RequiredIds(context, "add_list");
        Apply(context, type, tagIds, add: true);
        return ApiResult.Text(ProcessingText);
    }

    private static ApiResult RemoveById(ApiContext context)
    {
        var type = BulkTargets.MemberType(context, Memberships.TagsColumn);
        var tagIds = BulkTargets.RequiredIds(context, "remove_list");
        Apply(context, type, tagIds, add: false);
        return ApiResult.Text(ProcessingText);
    }

    private static ApiResult AddByName(ApiContext context)
    {
        var type = BulkTargets.MemberType(context, Memberships.TagsColumn);
        var names = RequiredNames(context, "add_names");
        var targets = BulkTargets.Resolve(context, type);
        var tagIds = names.Select(name => FindTag(context, type, name) ?? CreateTag(context, type, name)).ToList();
        foreach (var record in targets)
        {
            foreach (var tagId in tagIds)
            {
                context.Store.Memberships.AddTag(type, record, tagId, context.UnixNow);
            }
        }

        return ApiResult.Text(ProcessingText);
    }

    private static ApiResult RemoveByName(ApiContext context)
    {
        var type = BulkTargets.MemberType(context, Memberships.TagsColumn);
        var tagIds = RequiredNames(context, "remove_names").Select(name => FindTag(context, type, name)).OfType<long>().ToList();
        Apply(context, type, tagIds, add: false);
        return ApiResult.Text(ProcessingText);
    }

    private static void Apply(ApiContext context, ObjectTypeSchema type, IReadOnlyList<long> tagIds, bool add)
    {
        foreach (var record in BulkTargets.Resolve(context, type))
        {
            foreach (var tagId in tagIds)
            {
                _ = add
                    ? context.Store.Memberships.AddTag(type, record, tagId, context.UnixNow)
                    : context.Store.Memberships.RemoveTag(type, record, tagId);
            }
        }
    }

    private static IReadOnlyList<string> RequiredNames(ApiContext context, string parameter)
    {
        var names = context.Parameters.List(parameter).Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return names.Count > 0 ? names : throw ApiError.BadRequest($"Bad Request: {parameter} is required.");
    }

    /// <summary>A tag of this object type with this name (case-insensitive), lowest id first.</summary>
    private static long? FindTag(ApiContext context, ObjectTypeSchema type, string name) =>
        context.Store.Table(ObjectTypeIds.Tag).Rows
            .FirstOrDefault(t => string.Equals(t["tag_name"], name, StringComparison.OrdinalIgnoreCase) && (t.Long("object_type_id") ?? 0) == type.Id)
            ?.Id;

    private static long CreateTag(ApiContext context, ObjectTypeSchema type, string name)
    {
        var tag = context.Store.Table(ObjectTypeIds.Tag).Create();
        tag["tag_name"] = name;
        tag["object_type_id"] = type.Id.ToString(CultureInfo.InvariantCulture);
        return tag.Id;
    }
}
