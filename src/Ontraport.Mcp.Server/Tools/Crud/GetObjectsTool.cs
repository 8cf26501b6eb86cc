using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Parameters;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Crud;

[McpServerToolType, Toolset(Toolsets.Crud)]
public sealed class GetObjectsTool(ToolSession session)
{
    [McpServerTool(Name = "get_objects", Title = "Get records", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Fetch records of any type by id, ids, condition, search or group: one page with count and next_start. Narrow with " +
        "condition and fields rather than paging through everything. Prefer a specialized read tool where one exists.")]
    public async Task<CallToolResult> GetObjects(
        [Description(ToolParameters.ObjectType)] string object_type,
        [Description("Fetch this one record.")] long? id = null,
        [Description(ToolParameters.Ids)] long[]? ids = null,
        [Description(ToolParameters.Condition)] JsonElement? condition = null,
        [Description(ToolParameters.Search)] string? search = null,
        [Description(ToolParameters.GroupFilter)] long? group_id = null,
        [Description(ToolParameters.Fields)] string[]? fields = null,
        [Description(ToolParameters.Start), Range(0, int.MaxValue)] int? start = null,
        [Description(ToolParameters.Limit), Range(1, ListOptions.MaxRange)] int? limit = null,
        [Description(ToolParameters.Sort)] string? sort = null,
        [Description(ToolParameters.SortDir), AllowedValues("asc", "desc")] string? sort_dir = null,
        CancellationToken cancellationToken = default)
    {
        var type = await session.ObjectTypeAsync(object_type, cancellationToken);
        ToolSession.EnsureGenericWrite(type, GenericAccess.Get, "read");
        var page = QueryPage.From(start, limit);
        var direction = sort_dir?.Trim().ToLowerInvariant() switch
        {
            null or "" or "asc" or "ascending" => SortDirection.Ascending,
            "desc" or "descending" => SortDirection.Descending,
            _ => throw new ToolInputException($"sort_dir must be asc or desc, not '{sort_dir}'."),
        };

        var metadata = await session.MetadataAsync(type, cancellationToken);
        var fieldNames = ToolSession.FieldNames(fields, metadata, type);
        var sortField = sort is null ? null : ToolSession.FieldNames([sort], metadata, type)![0];
        var shaper = session.Shaper(type, metadata);

        if (id is { } single)
        {
            var record = await session.Client.Objects.GetAsync(type.Id, single, cancellationToken)
                ?? throw new ToolInputException($"There is no {type.SingularName.ToLowerInvariant()} with id {single}.");
            return ToolOutput.Json(shaper.Shape(record.Fields, fieldNames));
        }

        var parsed = await session.ReadConditionAsync(condition, type, metadata, cancellationToken);
        var selection = new RecordSelection { Ids = ids, Condition = parsed?.Criteria, Search = search, GroupId = group_id };
        var options = page.Options(selection, sortField, direction, fieldNames);

        var (records, total) = await session.Client.Objects.ListPageAsync(type.Id, options, cancellationToken);

        var extra = new JsonObject { ["object_type"] = type.Name };
        if (parsed is not null)
        {
            extra["condition"] = parsed.Echo;
        }

        if (page.Note is not null)
        {
            extra["note"] = page.Note;
        }

        var items = records.Select(r => shaper.Shape(r.Fields, fieldNames)).ToList();
        return ToolOutput.Json(ToolOutput.Page(total, page.Start, items, page.Size, extra));
    }
}
