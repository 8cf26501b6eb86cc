using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Conditions;
using Ontraport.Client.Engagement;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class GetGroupsTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "get_groups", Title = "Saved groups", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Saved groups (all types unless object_type) and their conditions.")]
    public async Task<CallToolResult> GetGroups(
        string? object_type = null,
        string? search = null,
        [Description("A request per group.")] bool member_counts = false,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var page = QueryPage.From(start, limit);
        var type = string.IsNullOrWhiteSpace(object_type) ? null : await session.ObjectTypeAsync(object_type, cancellationToken);
        var query = RecordQuery.Of(ObjectTypeIds.Group).WhereContains(EngagementFields.Groups.Name, search).OrderBy(EngagementFields.Groups.Name);
        if (type is not null)
        {
            query = query.WhereEquals(EngagementFields.Groups.ObjectType, type.Id);
        }

        var (groups, total) = await page.Of(query).PageAsync(session.Client, cancellationToken);

        var metadata = await session.Client.GetMetadataAsync(cancellationToken);
        var catalog = await session.Client.GetObjectTypesAsync(cancellationToken);
        var filters = groups.ToDictionary(g => g.Id, g => FilterDescription.Parse(g[EngagementFields.Groups.Criteria]));
        var owners = await lookup.UserNamesAsync(groups.Select(g => g.GetLong(EngagementFields.Groups.Owner) ?? 0), cancellationToken);
        var tagNames = await lookup.NamesAsync(14, filters.Values.OfType<Criteria>().SelectMany(FilterDescription.TagIds).Select(i => (long?)i), ["tag_name"], cancellationToken);

        var items = new List<GroupItem>();
        foreach (var group in groups)
        {
            var memberTypeId = (int)(group.GetLong(EngagementFields.Groups.ObjectType) ?? 0);
            var memberType = catalog.Find(memberTypeId);
            items.Add(new GroupItem(
                group.Id,
                group[EngagementFields.Groups.Name],
                memberType?.Name ?? memberTypeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                filters[group.Id] is { } filter
                    ? FilterDescription.Describe(filter, metadata.Find(memberTypeId) ?? new Client.Metadata.ObjectMetadata(memberTypeId, "", []), tagNames)
                    : group[EngagementFields.Groups.Criteria],
                member_counts && memberType is not null
                    ? (await session.Client.Objects.GetInfoAsync(memberTypeId, new RecordSelection { GroupId = group.Id }, cancellationToken)).Count
                    : null,
                owners.GetValueOrDefault(group.GetLong(EngagementFields.Groups.Owner) ?? 0),
                group.GetTime(EngagementFields.Groups.Date) is { } created ? RecordShaper.IsoDate(created) : null));
        }

        var answer = new GroupsAnswer(type?.Name)
        {
            Note = items.Count == 0 ? "No saved group matches." + (query.Criteria is null ? "" : " Call without object_type and search to see every group.") : null,
        };
        return ToolOutput.List(answer, total, page, items);
    }
}
