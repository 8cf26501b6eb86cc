using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Parameters;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Crud;

[McpServerToolType, Toolset(Toolsets.Crud)]
public sealed class DeleteObjectsTool(ToolSession session)
{
    [McpServerTool(Name = "delete_objects", Title = "Delete records", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Delete records permanently; a condition matching all is refused.")]
    [AsksFirst]
    public async Task<CallToolResult> DeleteObjects(
        string object_type,
        long[]? ids = null,
        [JsonTypes("string", "array")] JsonElement? condition = null,
        [Range(1, int.MaxValue)] int? confirm_count = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var type = await session.ObjectTypeAsync(object_type, cancellationToken);
        var hasCondition = condition is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } c && !(c.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(c.GetString()));
        if ((ids is null || ids.Length == 0) && !hasCondition)
        {
            return ToolOutput.Json(new IgnoredAnswer(null, "A delete with no ids and no condition would delete every record; such requests are ignored. Nothing was sent to Ontraport."));
        }

        ToolSession.EnsureGenericWrite(type, GenericAccess.Delete, "deleted");
        var metadata = await session.MetadataAsync(type, cancellationToken);
        var parsed = await session.ReadConditionAsync(condition, type, metadata, cancellationToken);
        var selection = new RecordSelection { Ids = ids, Condition = parsed?.Criteria };

        var matches = (await session.Client.Objects.GetInfoAsync(type.Id, selection, cancellationToken)).Count;
        if (parsed is not null && ids is not { Length: > 0 })
        {
            var total = (await session.Client.Objects.GetInfoAsync(type.Id, new RecordSelection(), cancellationToken)).Count;
            if (matches > 0 && matches >= total)
            {
                return ToolOutput.Json(new IgnoredAnswer(parsed.Echo, $"The condition matches all {total} {type.Name.ToLowerInvariant()}; deleting every record is not allowed through this server. Nothing was deleted."));
            }
        }

        if (matches == 0)
        {
            return ToolOutput.Json(new DeletedManyAnswer(type.Name, matches, parsed?.Echo, 0, "Nothing matches; nothing was deleted."));
        }

        var request = ObjectRequests.DeleteMany(type.Id, selection);
        if (dry_run)
        {
            return ToolOutput.BulkDryRun([request], new DeleteManyDryRun(type.Name, matches, parsed?.Echo), matches, "delete");
        }

        ToolSession.EnsureBulkConfirmed(matches, confirm_count, "delete");

        await session.Client.Objects.SendActionAsync(request, cancellationToken);
        return ToolOutput.Json(new DeletedManyAnswer(type.Name, matches, parsed?.Echo, matches));
    }
}
