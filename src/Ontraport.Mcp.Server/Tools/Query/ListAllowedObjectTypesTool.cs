using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.ObjectTypes;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class ListAllowedObjectTypesTool(ToolSession session)
{
    private const string SystemApps = "System Apps";

    [McpServerTool(Name = "list_allowed_object_types", Title = "Record types", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Record types (custom from 10000) and the tool to prefer for each.")]
    public async Task<CallToolResult> ListAllowedObjectTypes(
        string? search = null,
        CancellationToken cancellationToken = default)
    {
        var filter = string.IsNullOrWhiteSpace(search) ? null : ObjectTypeRegistry.Normalize(search);
        var metadata = await session.Client.GetMetadataAsync(cancellationToken);
        var catalog = ObjectTypeCatalog.FromMetadata(metadata);
        var types = catalog.All
            .Where(t => t.Exposed)
            .Where(t => filter is null || new[] { t.Name, t.SingularName, t.Category }.Concat(t.Aliases)
                .Any(n => ObjectTypeRegistry.Normalize(n).Contains(filter, StringComparison.Ordinal)))
            .OrderBy(t => t.IsCustom)
            .ThenBy(t => t.Id)
            .ToList();

        var items = new List<AllowedType>();
        var disabled = new List<string>();
        foreach (var type in types)
        {
            // System apps must be enabled in the account; an account's metadata lists only the ones that are.
            var notEnabled = type.Category == SystemApps && metadata.Objects.Count > 0 && metadata.Find(type.Id) is null;
            if (notEnabled)
            {
                disabled.Add(type.Name);
            }

            items.Add(new AllowedType(
                type.Id,
                type.Name,
                type.Category,
                Access(type),
                ObjectTypeTools.For(type) is { Count: > 0 } tools ? tools : null,
                ObjectTypeTools.WritesOnlyThrough(type),
                notEnabled ? false : null,
                type.Description));
        }

        return ToolOutput.Json(new AllowedTypesAnswer(
            items.Count,
            filter is null ? null : search!.Trim(),
            items.Count == 0 ? $"No object type matches '{search!.Trim()}'. Call without search to see all of them."
                : disabled.Count > 0 ? $"{string.Join(", ", disabled)}: not enabled in this account (enable the app in Ontraport to use them)."
                : null,
            items));
    }

    private static string Access(ObjectType type)
    {
        if (type.Access == GenericAccess.None)
        {
            return "none";
        }

        var verbs = new[] { (GenericAccess.Get, "GET"), (GenericAccess.Post, "POST"), (GenericAccess.Put, "PUT"), (GenericAccess.Delete, "DEL") };
        return string.Join(' ', verbs.Where(v => type.Allows(v.Item1) && (ObjectTypeTools.WritesOnlyThrough(type) is null || v.Item1 == GenericAccess.Get)).Select(v => v.Item2));
    }
}
