using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Engagement;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class GetSubscribersTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "get_subscribers", Title = "List subscribers", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Members of one tag, sequence or automation, with when they joined.")]
    public async Task<CallToolResult> GetSubscribers(
        string? tag = null,
        string? sequence = null,
        string? automation = null,
        string? object_type = null,
        string[]? fields = null,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var given = new[] { (Kind: "tag", Text: tag), (Kind: "sequence", Text: sequence), (Kind: "automation", Text: automation) }
            .Where(g => !string.IsNullOrWhiteSpace(g.Text)).ToList();
        if (given.Count != 1)
        {
            throw new ToolInputException(given.Count == 0
                ? "Give one of tag, sequence or automation (an id or a name)."
                : $"Give only one of tag, sequence or automation; got {string.Join(" and ", given.Select(g => g.Kind))}. Call once per list.");
        }

        var page = QueryPage.From(start, limit);
        var type = await session.ObjectTypeAsync(object_type ?? "contacts", cancellationToken);
        var metadata = await session.MetadataAsync(type, cancellationToken);
        var columns = Columns(type, metadata, fields);
        var (kind, text) = given[0];

        var listType = ObjectTypeRegistry.Find(kind switch { "tag" => ObjectTypeIds.Tag, "sequence" => ObjectTypeIds.Sequence, _ => ObjectTypeIds.Automation })!;
        var list = await lookup.ByIdOrNameAsync(listType, text, [kind == "tag" ? "tag_name" : "name"], kind, cancellationToken);
        var listName = list[kind == "tag" ? "tag_name" : "name"];

        var (total, items) = kind == "automation"
            ? await AutomationMembersAsync(type, list.Id, columns, metadata, page, cancellationToken)
            : await JoinedMembersAsync(type, kind, list.Id, columns, metadata, page, cancellationToken);

        var echo = new NameEcho(list.Id, listName);
        var answer = new SubscribersAnswer(kind == "tag" ? echo : null, kind == "sequence" ? echo : null, kind == "automation" ? echo : null, type.Name)
        {
            Note = total == 0 ? $"Nobody is on the {kind} '{listName}' right now."
                : kind != "tag" && list["pause"] == "1" ? $"The {kind} '{listName}' is paused."
                : null,
        };
        return ToolOutput.List(answer, total, page, items);
    }

    /// <summary>Tags and sequences: a page of join rows (when, which step), then the members' records in one request.</summary>
    private async Task<(long Total, List<JsonObject> Items)> JoinedMembersAsync(
        ObjectType type, string kind, long listId, IReadOnlyList<string> columns, ObjectMetadata metadata, QueryPage page, CancellationToken cancellationToken)
    {
        var joinTypeId = kind == "tag" ? ObjectTypeIds.TagSubscriber : ObjectTypeIds.SequenceSubscriber;
        var criteria = kind == "tag" ? SubscriberCriteria.TagMembers(listId, type.Id) : SubscriberCriteria.SequenceMembers(listId, type.Id);
        var (rows, total) = await page.Of(RecordQuery.Of(joinTypeId).Where(criteria).OrderBy(EngagementFields.Subscribers.Date, SortDirection.Descending))
            .PageAsync(session.Client, cancellationToken);
        var members = (await session.Client.Objects.GetManyAsync(type.Id, rows.Select(r => r.GetLong(EngagementFields.Subscribers.ObjectId)).OfType<long>(), columns, cancellationToken))
            .ToDictionary(m => m.Id);
        var shaper = session.Shaper(type, metadata);
        var joinShaper = new RecordShaper(joinTypeId, (await session.Client.GetMetadataAsync(cancellationToken)).Find(joinTypeId));

        var items = new List<JsonObject>();
        foreach (var row in rows)
        {
            var id = row.GetLong(EngagementFields.Subscribers.ObjectId) ?? 0;
            var item = members.TryGetValue(id, out var member) ? Member(member, shaper, columns) : new JsonObject { ["id"] = id, ["note"] = "record not found" };
            if (row.GetTime(EngagementFields.Subscribers.Date) is { } since)
            {
                item["since"] = RecordShaper.IsoDate(since);
            }

            if (kind == "sequence")
            {
                if (row.GetLong(EngagementFields.Subscribers.Step) is { } step)
                {
                    item["step"] = step;
                }

                if (joinShaper.ShapeValue(EngagementFields.Subscribers.Pause, row.Fields[EngagementFields.Subscribers.Pause]) is { } pause && row[EngagementFields.Subscribers.Pause] != "0")
                {
                    item["status"] = pause;
                }
            }

            items.Add(item);
        }

        return (total, items);
    }

    /// <summary>Automations: the records whose automation list holds it (<see cref="SubscriberCriteria.AutomationMembers"/>).</summary>
    private async Task<(long Total, List<JsonObject> Items)> AutomationMembersAsync(
        ObjectType type, long automationId, IReadOnlyList<string> columns, ObjectMetadata metadata, QueryPage page, CancellationToken cancellationToken)
    {
        var (members, total) = await page.Of(RecordQuery.Of(type.Id).Where(SubscriberCriteria.AutomationMembers(automationId)).Select(columns))
            .PageAsync(session.Client, cancellationToken);
        var shaper = session.Shaper(type, metadata);
        return (total, [.. members.Select(m => Member(m, shaper, columns))]);
    }

    private static JsonObject Member(OntraportRecord record, RecordShaper shaper, IReadOnlyList<string> columns)
    {
        var item = new JsonObject { ["id"] = record.Id };
        if (record["firstname"] is not null || record["lastname"] is not null)
        {
            item["name"] = RecordFields.PersonName(record);
        }

        foreach (var (key, value) in shaper.Shape(record.Fields, columns))
        {
            if (key is not ("id" or "firstname" or "lastname"))
            {
                item[key] = value?.DeepClone();
            }
        }

        return item;
    }

    /// <summary>The member columns: name and email for contacts (name for other types), plus what was asked for.</summary>
    private static IReadOnlyList<string> Columns(ObjectType type, ObjectMetadata metadata, string[]? fields)
    {
        var columns = metadata.Fields.Count == 0
            ? type.Id == ObjectTypeIds.Contact ? ["firstname", "lastname", "email"] : new List<string>()
            : new[] { "firstname", "lastname", "email", "name" }.Where(f => metadata.Fields.Any(m => m.Name == f)).ToList();

        foreach (var name in ToolSession.FieldNames(fields, metadata, type) ?? [])
        {
            if (!columns.Contains(name))
            {
                columns.Add(name);
            }
        }

        return columns;
    }
}
