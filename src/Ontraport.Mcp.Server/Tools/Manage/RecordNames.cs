using System.Text.Json.Nodes;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;

namespace Ontraport.Mcp.Server.Tools.Manage;

/// <summary>How the Manage tools name a record back to the agent: id plus the field that names it.</summary>
internal static class RecordNames
{
    /// <summary>The fields that hold a record's name: <c>name</c>, else text fields whose label says Name, else the first text field.</summary>
    public static string[] NameFields(ObjectMetadata metadata, int objectTypeId)
    {
        if (objectTypeId == ObjectTypeIds.Contact)
        {
            return ["firstname", "lastname", "email"];
        }

        if (metadata.FindField("name") is { Name: "name" })
        {
            return ["name"];
        }

        var named = metadata.Fields.Where(f => f.Kind == FieldKind.Text && f.Alias.Contains("name", StringComparison.OrdinalIgnoreCase)).Select(f => f.Name).ToArray();
        return named.Length > 0 ? named : [.. metadata.Fields.Where(f => f.Kind == FieldKind.Text).Take(1).Select(f => f.Name)];
    }

    /// <summary>"John Smith", a name field's value, or null.</summary>
    public static string? Display(OntraportRecord record, int objectTypeId, string[]? nameFields = null)
    {
        if (objectTypeId == ObjectTypeIds.Contact)
        {
            var full = RecordLookup.FullName(record);
            return full.Length > 0 ? full : record["email"];
        }

        return (nameFields ?? ["name", "tag_name", "subject"]).Select(f => record[f]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
    }

    public static JsonObject Echo(OntraportRecord record, int objectTypeId, string[]? nameFields = null)
    {
        var echo = new JsonObject { ["id"] = record.Id };
        if (Display(record, objectTypeId, nameFields) is { } name)
        {
            echo["name"] = name;
        }

        return echo;
    }
}
