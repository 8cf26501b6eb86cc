using System.ComponentModel;
using System.Text.Json.Nodes;
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

        var answer = new JsonObject
        {
            ["object_type"] = type.Name,
            ["id"] = type.Id,
            ["field_count"] = metadata.Fields.Count,
        };
        if (!string.IsNullOrEmpty(text))
        {
            answer["search"] = text;
            answer["matching"] = fields.Count;
        }

        if (metadata.Fields.Count == 0)
        {
            answer["note"] = $"This account's metadata lists no fields for {type.Name}.";
        }
        else if (fields.Count == 0)
        {
            answer["note"] = $"No field of {type.Name} has '{text}' in its name or label. Try a shorter word, or call without search.";
        }

        answer["fields"] = new JsonArray([.. fields]);
        return ToolOutput.Json(answer);
    }

    private static JsonNode Describe(FieldMetadata field, ObjectTypeCatalog catalog)
    {
        var item = new JsonObject { ["name"] = field.Name };
        if (!string.Equals(field.Alias, field.Name, StringComparison.OrdinalIgnoreCase))
        {
            item["label"] = field.Alias;
        }

        item["type"] = field.Type;
        if (field.Required)
        {
            item["required"] = true;
        }

        if (field.Unique)
        {
            item["unique"] = true;
        }

        if (!field.Editable)
        {
            item["read_only"] = true;
        }

        if (field.ParentObjectId is { } parent)
        {
            item["lookup"] = catalog.Find(parent) is { } target ? $"{target.Name} ({parent})" : parent.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (field.Options.Count > 0)
        {
            var options = new JsonObject();
            foreach (var (key, label) in field.Options)
            {
                options[key] = label;
            }

            item["options"] = options;
        }

        return item;
    }
}
