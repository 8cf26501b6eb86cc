using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Crud;

[McpServerToolType, Toolset(Toolsets.Crud)]
public sealed class GetObjectsTool(ToolSession session)
{
    [McpServerTool(Name = "get_objects", Title = "Get records", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Fetch records of any object type by id, ids, a condition, a search or a group. Answers one page (default 20, max 50) " +
        "with count and next_start; narrow with condition and fields instead of paging through everything. Prefer the specialized " +
        "read tools (get_recent_tasks, get_invoices, …) where one exists.")]
    public async Task<CallToolResult> GetObjects(
        [Description("Object type id or name, e.g. 0, \"contacts\", \"deals\", \"companies\".")] string object_type,
        [Description("Fetch this one record.")] long? id = null,
        [Description("Fetch these records (at most 500 ids).")] long[]? ids = null,
        [Description("Filter: readable (spent > 1000 AND state = \"CA\"; date within last 30 days) or Ontraport criteria JSON.")] JsonElement? condition = null,
        [Description("Free-text search over the type's main text fields.")] string? search = null,
        [Description("Only members of this saved group (see get_groups).")] long? group_id = null,
        [Description("Return only these fields (names or aliases); id is always included.")] string[]? fields = null,
        [Description("Offset of the first record (use next_start from the previous page).")] int? start = null,
        [Description("Page size, 1-50 (default 20).")] int? limit = null,
        [Description("Field to sort by.")] string? sort = null,
        [Description("asc or desc (default asc).")] string? sort_dir = null,
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
        var selection = ToolSession.Fields(fields, metadata, type);
        var sortField = sort is null ? null : ToolSession.FieldNames([sort], metadata, type)![0];

        if (id is { } single)
        {
            var record = await session.Client.Objects.GetAsync(type.Id, single, cancellationToken)
                ?? throw new ToolInputException($"There is no {type.SingularName.ToLowerInvariant()} with id {single}.");
            return ToolOutput.Json(await session.ReadableAsync(type, metadata, record.Fields, selection, cancellationToken));
        }

        var parsed = await session.ReadConditionAsync(condition, type, metadata, cancellationToken);
        var columns = selection.IsDefault ? RecordFields.ListColumns(metadata, await session.Client.GetListFieldsAsync(type.Id, cancellationToken)) : null;
        var query = page.Of(RecordQuery.Of(type.Id).Where(parsed?.Criteria).WithIds(ids).Searching(search).InGroup(group_id)
            .Select(columns ?? selection.Names).OrderBy(sortField, direction));

        var (records, total) = await query.PageAsync(session.Client, cancellationToken);
        var items = await session.ReadableAsync(type, metadata, records, columns is null ? selection : FieldSelection.Only(columns), cancellationToken);
        return ToolOutput.Json(ToolOutput.PageOf(total, page, items) with
        {
            ObjectType = type.Name,
            Condition = parsed?.Echo,
            Columns = columns,
            MoreFields = columns is null ? null : MoreFields,
        });
    }

    private const string MoreFields = "These are the list view's columns. Other fields: fields: [\"name\", …] (names or labels, see get_object_meta); every field: fields: [\"*\"].";
}
