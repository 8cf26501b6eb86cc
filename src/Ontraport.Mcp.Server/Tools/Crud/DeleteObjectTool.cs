using System.ComponentModel;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Crud;

[McpServerToolType, Toolset(Toolsets.Crud)]
public sealed class DeleteObjectTool(ToolSession session)
{
    [McpServerTool(Name = "delete_object", Title = "Delete record", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Delete one record by id, permanently.")]
    public async Task<CallToolResult> DeleteObject(
        string object_type,
        long id,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var type = await session.ObjectTypeAsync(object_type, cancellationToken);
        ToolSession.EnsureGenericWrite(type, GenericAccess.Delete, "deleted");
        var metadata = await session.MetadataAsync(type, cancellationToken);
        var record = await session.Client.Objects.GetAsync(type.Id, id, cancellationToken)
            ?? throw new ToolInputException($"There is no {type.SingularName.ToLowerInvariant()} with id {id}; nothing was deleted.");
        var summary = Summary(session.Shaper(type, metadata).Shape(record.Fields));

        var request = ObjectRequests.Delete(type.Id, id);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new DeleteDryRun(summary));
        }

        await session.Client.Objects.SendActionAsync(request, cancellationToken);
        return ToolOutput.Json(new DeletedAnswer(type.SingularName, summary));
    }

    /// <summary>Enough of the record to recognise it: id and the naming fields that are present.</summary>
    internal static JsonObject Summary(JsonObject shaped)
    {
        var summary = new JsonObject();
        foreach (var name in new[] { "id", "firstname", "lastname", "email", "name", "company", "subject", "title", "alias" })
        {
            if (shaped[name] is { } value)
            {
                summary[name] = value.DeepClone();
            }
        }

        return summary;
    }
}
