using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class GetObjectMetaTool(ToolSession session)
{
    [McpServerTool(Name = "get_object_meta", Title = "Record fields", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Fields of a type: name, label, type, required, unique, options.")]
    public async Task<CallToolResult> GetObjectMeta(
        string object_type,
        string? search = null,
        CancellationToken cancellationToken = default)
    {
        var type = await session.ObjectTypeAsync(object_type, cancellationToken);
        var metadata = await session.MetadataAsync(type, cancellationToken);
        var catalog = await session.Client.GetObjectTypesAsync(cancellationToken);
        var text = search?.Trim();
        var fields = metadata.Fields
            .Where(f => string.IsNullOrEmpty(text) || f.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || f.Alias.Contains(text, StringComparison.OrdinalIgnoreCase))
            .Select(f => Describe(f, catalog))
            .ToList();

        var searching = !string.IsNullOrEmpty(text);
        return ToolOutput.Json(new ObjectMetaAnswer(
            type.Name,
            type.Id,
            metadata.Fields.Count,
            searching ? text : null,
            searching ? fields.Count : null,
            metadata.Fields.Count == 0 ? $"This account's metadata lists no fields for {type.Name}."
                : fields.Count == 0 ? $"No field of {type.Name} has '{text}' in its name or label. Try a shorter word, or call without search."
                : null,
            fields));
    }

    private static FieldDescription Describe(FieldMetadata field, ObjectTypeCatalog catalog) => new(
        field.Name,
        string.Equals(field.Alias, field.Name, StringComparison.OrdinalIgnoreCase) ? null : field.Alias,
        field.Type,
        field.Required ? true : null,
        field.Unique ? true : null,
        field.Editable ? null : true,
        field.ParentObjectId is { } parent
            ? catalog.Find(parent) is { } target ? $"{target.Name} ({parent})" : parent.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : null,
        field.Options.Count > 0 ? field.Options : null);
}
