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
public sealed class SaveOrUpdateObjectTool(ToolSession session)
{
    [McpServerTool(Name = "saveorupdate_object", Title = "Save record", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Update the record matching a unique field (contacts: email), else create one.")]
    public async Task<CallToolResult> SaveOrUpdateObject(
        string object_type,
        [JsonTypes("object")] JsonElement values,
        [Description("Empty values keep data.")] bool ignore_blanks = false,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var type = await session.ObjectTypeAsync(object_type, cancellationToken);
        ToolSession.EnsureGenericWrite(type, GenericAccess.Post | GenericAccess.Put, "created or updated");
        var metadata = await session.MetadataAsync(type, cancellationToken);
        var fields = await session.ReadValuesAsync(values, metadata, type, creating: false, cancellationToken);
        if (type.Id == ObjectTypeIds.Contact && JsonText.AsString(fields["email"]) is not { Length: > 0 })
        {
            throw new ToolInputException("values needs an email: saveorupdate_object matches contacts on email. To create a contact without one, use create_object.");
        }

        var request = ObjectRequests.SaveOrUpdate(type.Id, fields.Select(f => KeyValuePair.Create(f.Key, JsonText.AsString(f.Value) ?? "")), ignore_blanks);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new DryRunAnswer());
        }

        var result = await session.Client.Objects.SaveOrUpdateAsync(request, cancellationToken);
        if (result.Created)
        {
            return ToolOutput.Json(new SavedAnswer(true, Id: result.Id, Url: RecordLinks.For(type, result.Id), Record: await session.ReadableAsync(type, metadata, result.Fields, FieldSelection.Default, cancellationToken)));
        }

        var changed = await session.ReadableAsync(type, metadata, result.Fields, FieldSelection.AllFields, cancellationToken);
        changed.Remove("id");
        changed.Remove("dlm");
        return ToolOutput.Json(new SavedAnswer(false, MergedInto: result.Id, Url: RecordLinks.For(type, result.Id), Changed: changed));
    }
}
