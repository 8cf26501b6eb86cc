using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Parameters;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Crud;

[McpServerToolType, Toolset(Toolsets.Crud)]
public sealed class CreateObjectTool(ToolSession session)
{
    [McpServerTool(Name = "create_object", Title = "Create record", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Create a record; contacts: prefer saveorupdate_object. Not invoices, payments or orders.")]
    public async Task<CallToolResult> CreateObject(
        string object_type,
        [JsonTypes("object")] JsonElement values,
        bool dry_run = false,
        bool allow_duplicate = false,
        CancellationToken cancellationToken = default)
    {
        var type = await session.ObjectTypeAsync(object_type, cancellationToken);
        ToolSession.EnsureGenericWrite(type, GenericAccess.Post, "created");
        var metadata = await session.MetadataAsync(type, cancellationToken);
        var fields = await session.ReadValuesAsync(values, metadata, type, creating: true, cancellationToken);

        if (type.Id == ObjectTypeIds.Contact && !allow_duplicate && JsonText.AsString(fields["email"]) is { Length: > 0 } email &&
            await session.Client.Objects.FindContactIdByEmailAsync(email, cancellationToken) is { } existing)
        {
            throw new ToolInputException($"Contact {existing} already has the email {email}. Update it with update_object or saveorupdate_object, " +
                "or pass allow_duplicate: true to create a second contact anyway.");
        }

        var request = ObjectRequests.Create(type.Id, fields);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new DryRunAnswer());
        }

        var created = await session.Client.Objects.CreateAsync(request, cancellationToken);
        if (created is null)
        {
            // Accepted, so the record exists: say so, and how to find it, instead of inviting a second create.
            var find = JsonText.AsString(fields["email"]) is { Length: > 0 } address
                ? $"condition: email = {address}"
                : "sort: id, sort_dir: desc, limit: 1";
            return ToolOutput.Json(new CreatedAnswer(type.SingularName, null, null, null,
                $"Ontraport accepted the new {type.SingularName} but did not return it. It exists: find it with get_objects ({find}); do not create it again."));
        }

        return ToolOutput.Json(new CreatedAnswer(type.SingularName, created.Id, RecordLinks.For(type, created.Id), await session.ReadableAsync(type, metadata, created.Fields, FieldSelection.Default, cancellationToken)));
    }
}
