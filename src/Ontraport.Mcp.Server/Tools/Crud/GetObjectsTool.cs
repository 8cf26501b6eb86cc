using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Parameters;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Crud;

[McpServerToolType, Toolset(Toolsets.Crud)]
public sealed class GetObjectsTool(ToolSession session)
{
    [McpServerTool(Name = "get_objects", Title = "Get records", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Records of any type, a page at a time; prefer a specialized tool.")]
    public async Task<CallToolResult> GetObjects(
        string object_type,
        long? id = null,
        long[]? ids = null,
        [JsonTypes("string", "array")] JsonElement? condition = null,
        string? search = null,
        long? group_id = null,
        string[]? fields = null,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        string? sort = null,
        [AllowedValues("asc", "desc")] string? sort_dir = null,
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
            var shaped = await session.ReadableAsync(type, metadata, record.Fields, selection, cancellationToken);
            return ToolOutput.Json(selection.Names is null ? RecordLinks.AddTo(shaped, type, single) : shaped); // named fields are all a caller asked for
        }

        var parsed = await session.ReadConditionAsync(condition, type, metadata, cancellationToken);
        var columns = selection.IsDefault ? RecordFields.ListColumns(metadata, await session.Client.GetListFieldsAsync(type.Id, cancellationToken)) : null;
        var query = page.Of(RecordQuery.Of(type.Id).Where(parsed?.Criteria).WithIds(ids).Searching(search).InGroup(group_id)
            .Select(columns ?? selection.Names).OrderBy(sortField, direction));

        // The page stays a parsed document: its records are shaped straight into the answer's writer (issue 22), so
        // the answer is written before the document goes.
        using var read = await query.PageElementsAsync(session.Client, cancellationToken);
        var items = await ReadableRecords.ShapeAsync(session.Client, type, metadata, read.Records, columns is null ? selection : FieldSelection.Only(columns), cancellationToken);
        return ToolOutput.Page(read.Total, page, items, answer => answer with
        {
            ObjectType = type.Name,
            Condition = parsed?.Echo,
            Columns = columns,
            MoreFields = columns is null ? null : MoreFields,
        });
    }

    private const string MoreFields = "These are the list view's columns. Other fields: fields: [\"name\", …] (names or labels, see get_object_meta); every field: fields: [\"*\"].";
}
