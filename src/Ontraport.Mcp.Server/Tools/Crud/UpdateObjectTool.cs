using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Parameters;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Crud;

[McpServerToolType, Toolset(Toolsets.Crud)]
public sealed class UpdateObjectTool(ToolSession session)
{
    [McpServerTool(Name = "update_object", Title = "Update record", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Change fields of one record; answers what changed.")]
    public async Task<CallToolResult> UpdateObject(
        string object_type,
        [JsonTypes("object")] JsonElement values,
        long? id = null,
        [Description("A unique {field: value} instead of id."), JsonTypes("object")] JsonElement? match = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var type = await session.ObjectTypeAsync(object_type, cancellationToken);
        ToolSession.EnsureGenericWrite(type, GenericAccess.Put, "updated");
        var metadata = await session.MetadataAsync(type, cancellationToken);
        var fields = await session.ReadValuesAsync(values, metadata, type, creating: false, cancellationToken);
        if (id is not null && match is { ValueKind: not JsonValueKind.Null })
        {
            throw new ToolInputException("Give either id or match, not both.");
        }

        var target = id ?? await FindByMatchAsync(type, match, metadata, cancellationToken);

        var request = ObjectRequests.Update(type.Id, target, fields);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new UpdateDryRun(target));
        }

        var changed = await session.Client.Objects.UpdateAsync(request, cancellationToken);
        var shaped = await session.ReadableAsync(type, metadata, changed.Attributes, FieldSelection.AllFields, cancellationToken);
        shaped.Remove("id");
        shaped.Remove("dlm");
        return ToolOutput.Json(new UpdatedAnswer(type.SingularName, target, RecordLinks.For(type, target), shaped, shaped.Count == 0 ? "No field changed: the record already had these values." : null));
    }

    private async Task<long> FindByMatchAsync(ObjectType type, JsonElement? match, Client.Metadata.ObjectMetadata metadata, CancellationToken cancellationToken)
    {
        if (match is not { ValueKind: JsonValueKind.Object } m || m.EnumerateObject().Count() != 1)
        {
            throw new ToolInputException("Give the record's id, or match with exactly one field, e.g. {\"email\": \"john@example.com\"}.");
        }

        var property = m.EnumerateObject().First();
        var field = metadata.FindField(property.Name) ?? throw new ToolInputException("match: " + metadata.UnknownFieldMessage(property.Name, type.Name));
        var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        if (type.Id == ObjectTypeIds.Contact && field.Name == "email")
        {
            return await session.Client.Objects.FindContactIdByEmailAsync(value, cancellationToken)
                ?? throw new ToolInputException($"No contact has the email {value}. To create one, use saveorupdate_object.");
        }

        var found = await RecordQuery.Of(type.Id).WhereEquals(field.Name, value).Select(["id"]).Page(0, 2).ListAsync(session.Client, cancellationToken);
        return found.Count switch
        {
            1 => found[0].Id,
            0 => throw new ToolInputException($"No {type.SingularName.ToLowerInvariant()} has {field.Name} = \"{value}\"."),
            _ => throw new ToolInputException($"More than one {type.SingularName.ToLowerInvariant()} has {field.Name} = \"{value}\"; give the id instead (find it with get_objects)."),
        };
    }
}
