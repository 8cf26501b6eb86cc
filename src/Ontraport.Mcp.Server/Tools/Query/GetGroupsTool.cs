using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
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

        var items = new List<JsonObject>();
        foreach (var group in groups)
        {
            var memberTypeId = (int)(group.GetLong(EngagementFields.Groups.ObjectType) ?? 0);
            var memberType = catalog.Find(memberTypeId);
            var item = new JsonObject
            {
                ["id"] = group.Id,
                ["name"] = group[EngagementFields.Groups.Name],
                ["object_type"] = memberType?.Name ?? memberTypeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            item["filter"] = filters[group.Id] is { } filter
                ? FilterDescription.Describe(filter, metadata.Find(memberTypeId) ?? new Client.Metadata.ObjectMetadata(memberTypeId, "", []), tagNames)
                : group[EngagementFields.Groups.Criteria];
            if (member_counts && memberType is not null)
            {
                item["members"] = (await session.Client.Objects.GetInfoAsync(memberTypeId, new RecordSelection { GroupId = group.Id }, cancellationToken)).Count;
            }

            if (owners.GetValueOrDefault(group.GetLong(EngagementFields.Groups.Owner) ?? 0) is { } owner)
            {
                item["owner"] = owner;
            }

            if (group.GetTime(EngagementFields.Groups.Date) is { } created)
            {
                item["created"] = RecordShaper.IsoDate(created);
            }

            items.Add(item);
        }

        var extra = new JsonObject();
        if (type is not null)
        {
            extra["object_type"] = type.Name;
        }

        if (items.Count == 0 && page.Note is null)
        {
            extra["note"] = "No saved group matches." + (query.Criteria is null ? "" : " Call without object_type and search to see every group.");
        }

        return ToolOutput.Json(ToolOutput.Page(total, page, items, extra));
    }
}
