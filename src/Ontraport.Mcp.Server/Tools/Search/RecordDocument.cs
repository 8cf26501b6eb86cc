using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Mcp.Server.Text;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Search;

/// <summary>
/// The record behind a search result, for <c>fetch</c>: read by its id (<c>contacts/5</c>), shaped as <c>get_objects</c>
/// shapes one record (<see cref="ReadableRecords"/>), and written as readable lines (<c>First Name: John</c>).
/// </summary>
public sealed class RecordDocument(ToolSession session)
{
    private const string IdForm = "Ids look like contacts/5 (object type/record id), as search returns them.";

    /// <summary>Reads the id's two parts; a malformed id is refused before any request, saying the form ids take.</summary>
    public static (string ObjectType, long Id) ParseId(string? id)
    {
        var text = id?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new ToolInputException("id is required: a search result's id, such as contacts/5.");
        }

        var parts = text.Split('/');
        return parts.Length == 2 && parts[0].Trim().Length > 0
            && long.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? (parts[0].Trim(), number)
            : throw new ToolInputException($"id '{Shorten(text)}' is not a record id. {IdForm}");
    }

    public async Task<FetchAnswer> ReadAsync(string objectType, long id, CancellationToken cancellationToken)
    {
        var type = await TypeAsync(objectType, cancellationToken);
        ToolSession.EnsureGenericWrite(type, GenericAccess.Get, "read");
        var record = await session.Client.Objects.GetAsync(type.Id, id, cancellationToken)
            ?? throw new ToolInputException($"{RecordSearch.IdOf(type, id)} names no record: there is no {type.SingularName.ToLowerInvariant()} with id {id}. {IdForm}");

        var metadata = await session.MetadataAsync(type, cancellationToken);
        var shaped = await session.ReadableAsync(type, metadata, record.Fields, FieldSelection.Default, cancellationToken);
        return new FetchAnswer(
            RecordSearch.IdOf(type, id),
            RecordSearch.Title(type, record, RecordFields.NameFields(metadata)),
            Lines(shaped, metadata),
            RecordLinks.For(type, id),
            new FetchMetadata(type.SingularName, Owner(shaped["owner"]), Text(shaped["date"]), Text(shaped["dlm"])));
    }

    /// <summary>The types search returns first (offers among them), then any type get_objects knows.</summary>
    private async Task<ObjectType> TypeAsync(string name, CancellationToken cancellationToken)
    {
        var normalized = ObjectTypeRegistry.Normalize(name);
        if (RecordSearch.Types.FirstOrDefault(t => ObjectTypeRegistry.Normalize(t.Name) == normalized || ObjectTypeRegistry.Normalize(t.SingularName) == normalized
            || t.Id.ToString(CultureInfo.InvariantCulture) == name) is { } searched)
        {
            return searched;
        }

        var catalog = ObjectTypeCatalog.BuiltIn.TryResolve(name, out var builtIn, out _) ? null : await session.Client.GetObjectTypesAsync(cancellationToken);
        return catalog is null ? builtIn
            : catalog.TryResolve(name, out var type, out var error) ? type
            : throw new ToolInputException($"id names the object type '{Shorten(name)}', which this account does not have ({error.Split('.')[0]}). {IdForm}");
    }

    /// <summary>One line per field, <c>Label: value</c>, in the record's order.</summary>
    private static string Lines(JsonObject record, ObjectMetadata metadata)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in record)
        {
            if (value is not null)
            {
                text.Append(Label(key, metadata)).Append(": ").Append(Words(value)).Append('\n');
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>A field's label from the metadata ("First Name"); keys the answer made up ("tags") capitalized.</summary>
    private static string Label(string key, ObjectMetadata metadata) =>
        key == "id" ? "ID"
        : metadata.FindField(key) is { Alias.Length: > 0 } field ? field.Alias
        : char.ToUpperInvariant(key[0]) + key[1..];

    /// <summary>A shaped value as words: references as <c>Name (id)</c>, lists joined with commas.</summary>
    private static string Words(JsonNode node) => node switch
    {
        JsonArray list => string.Join(", ", list.OfType<JsonNode>().Select(Words)),
        JsonObject named when named["id"] is { } refId && named.Count <= 2 =>
            named["name"] is { } name ? $"{Words(name)} ({Words(refId)})" : Words(refId),
        JsonObject other => other.ToJsonString(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>() ? "yes" : "no",
        _ => node.ToJsonString(),
    };

    private static string? Owner(JsonNode? owner) => owner switch
    {
        JsonObject { } named when named["name"] is { } name => Words(name),
        null => null,
        _ => $"user {Words(owner is JsonObject o && o["id"] is { } id ? id : owner)}",
    };

    private static string? Text(JsonNode? node) => node is null ? null : Words(node);

    private static string Shorten(string text) => TextLimit.Shorten(text, 60);
}
