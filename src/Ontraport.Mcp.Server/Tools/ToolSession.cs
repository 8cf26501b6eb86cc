using System.Text.Json;
using System.Text.Json.Nodes;
using Ontraport.Client;
using Ontraport.Client.Conditions;
using Ontraport.Client.Inferred;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// What every tool needs for one call, in one place: the account's client, object-type and metadata resolution, and
/// condition reading. Scoped to the request. Tools validate and shape; this class and the client do the rest.
/// </summary>
public sealed class ToolSession
{
    private readonly ToolAccount _account;
    private readonly AccountTimeZones _zones;

    public ToolSession(ToolAccount account, AccountTimeZones zones, TimeProvider time)
    {
        _account = account;
        _zones = zones;
        Time = time;
    }

    public OntraportClient Client => _account.Client;

    public TimeProvider Time { get; }

    /// <summary>The account's time zone (see <see cref="AccountTimeZones"/>); readable dates are read in it.</summary>
    public async Task<TimeZoneInfo> TimeZoneAsync(CancellationToken cancellationToken) => (await _zones.ForAsync(Client, cancellationToken)).Zone;

    /// <summary>Resolves an object type id or name; built-in names cost no request, custom objects read the cached metadata.</summary>
    public async Task<ObjectType> ObjectTypeAsync(string? input, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            throw new ToolInputException("object_type is required: an id (0) or a name (\"contacts\", \"deals\"). Call list_allowed_object_types to see them.");
        }

        if (ObjectTypeCatalog.BuiltIn.TryResolve(input, out var builtIn, out _))
        {
            return builtIn;
        }

        var catalog = await Client.GetObjectTypesAsync(cancellationToken);
        return catalog.TryResolve(input, out var type, out var error) ? type : throw new ToolInputException(error + ToolHints.ListObjectTypes);
    }

    /// <summary>The fields of a type, from the account's cached metadata (empty when the account's metadata omits the type).</summary>
    public async Task<ObjectMetadata> MetadataAsync(ObjectType type, CancellationToken cancellationToken)
    {
        var metadata = await Client.GetMetadataAsync(cancellationToken);
        return metadata.Find(type.Id) ?? new ObjectMetadata(type.Id, type.SingularName, []);
    }

    public RecordShaper Shaper(ObjectType type, ObjectMetadata metadata) => RecordShaper.For(type.Id, metadata);

    /// <summary>Records as words (see <see cref="ReadableRecords"/>): names of what they refer to read in one batch per type.</summary>
    public Task<IReadOnlyList<JsonObject>> ReadableAsync(ObjectType type, ObjectMetadata metadata, IEnumerable<Client.Objects.OntraportRecord> records, FieldSelection selection, CancellationToken cancellationToken) =>
        ReadableRecords.ShapeAsync(Client, type, metadata, records, selection, cancellationToken);

    /// <summary>One record as words.</summary>
    public async Task<JsonObject> ReadableAsync(ObjectType type, ObjectMetadata metadata, JsonObject record, FieldSelection selection, CancellationToken cancellationToken) =>
        (await ReadableAsync(type, metadata, [new Client.Objects.OntraportRecord(record)], selection, cancellationToken))[0];

    public async Task<ConditionParser> ConditionParserAsync(CancellationToken cancellationToken) => new(Time, await TimeZoneAsync(cancellationToken));

    /// <summary>
    /// Reads the <c>condition</c> argument: a readable string (parsed against the metadata, dates in the account's time
    /// zone) or Ontraport's criteria JSON (structure and field names checked). Null when absent. Sends nothing except,
    /// once per account and TTL, the read that finds the account's time zone.
    /// </summary>
    public async Task<ParsedCondition?> ReadConditionAsync(JsonElement? condition, ObjectType type, ObjectMetadata metadata, CancellationToken cancellationToken)
    {
        if (condition is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        try
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                var text = element.GetString()!.Trim();
                if (text.Length == 0)
                {
                    return null;
                }

                if (text[0] is '[' or '{')
                {
                    return FromJson(JsonNode.Parse(text), metadata, type);
                }

                // Validate first (a bad condition costs no request); read the account's zone only if a date needs it.
                var parsed = new ConditionParser(Time, TimeZoneInfo.Utc).Parse(text, metadata, type.Name);
                return parsed.UsesDates ? (await ConditionParserAsync(cancellationToken)).Parse(text, metadata, type.Name) : parsed;
            }

            if (element.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
            {
                return FromJson(JsonNode.Parse(element.GetRawText()), metadata, type);
            }

            throw new ToolInputException("condition must be a readable string (spent > 1000 AND state = \"CA\") or Ontraport's criteria JSON array.");
        }
        catch (CriteriaFormatException ex)
        {
            // The parser's sentence starts with a capital ("Field 'x' is not on Contacts"); the hint keeps it.
            var message = ex.UnknownField is { } unknown && ToolHints.WithFieldList(unknown) is var hinted ? char.ToUpperInvariant(hinted[0]) + hinted[1..] : ex.Message;
            throw new ToolInputException("condition: " + message);
        }
        catch (JsonException ex)
        {
            throw new ToolInputException("condition looks like JSON but does not parse: " + ex.Message.Split('.')[0] + ".");
        }
    }

    private static ParsedCondition FromJson(JsonNode? node, ObjectMetadata metadata, ObjectType type)
    {
        var criteria = Criteria.FromJson(node);
        if (metadata.Fields.Count > 0)
        {
            foreach (var term in criteria.Terms)
            {
                if (metadata.FindField(term.Condition.Field) is not { } field || !string.Equals(field.Name, term.Condition.Field, StringComparison.Ordinal))
                {
                    var hint = metadata.FindField(term.Condition.Field) is { } byAlias
                        ? $"criteria JSON needs field names, not aliases: use '{byAlias.Name}' for '{term.Condition.Field}'."
                        : metadata.UnknownFieldMessage(term.Condition.Field, type.Name);
                    throw new ToolInputException("condition: " + hint);
                }
            }
        }

        return new ParsedCondition(criteria, criteria.ToString());
    }

    /// <summary>
    /// Validates and converts a write's <c>values</c> (see <see cref="FieldValues"/>). Everything is checked before the
    /// account's time zone is looked up, and the zone is read only when a date value needs it.
    /// </summary>
    public async Task<JsonObject> ReadValuesAsync(JsonElement? values, ObjectMetadata metadata, ObjectType type, bool creating, CancellationToken cancellationToken)
    {
        var checkedValues = FieldValues.Read(values, metadata, type.Name, creating, Time, TimeZoneInfo.Utc);
        var hasDates = values is { ValueKind: JsonValueKind.Object } v &&
            v.EnumerateObject().Any(p => metadata.FindField(p.Name)?.Kind == FieldKind.Date && p.Value.ValueKind == JsonValueKind.String);
        return hasDates
            ? FieldValues.Read(values, metadata, type.Name, creating, Time, await TimeZoneAsync(cancellationToken))
            : checkedValues;
    }

    /// <summary>
    /// Turns the <c>fields</c> argument (names, labels, or the keys answers show such as "tags") into field names,
    /// refusing unknown ones.
    /// </summary>
    public static IReadOnlyList<string>? FieldNames(string[]? fields, ObjectMetadata metadata, ObjectType type)
    {
        if (fields is not { Length: > 0 })
        {
            return null;
        }

        if (metadata.Fields.Count == 0)
        {
            return fields;
        }

        var names = new List<string>();
        foreach (var typed in fields)
        {
            names.Add(metadata.FindField(typed)?.Name ?? ListFieldShownAs(typed, metadata)
                ?? (typed == "id" ? "id" : throw new ToolInputException("fields: " + metadata.UnknownFieldMessage(typed, type.Name))));
        }

        return names;
    }

    /// <summary>
    /// The <c>fields</c> argument as a <see cref="FieldSelection"/>: nothing is the default view, <c>["*"]</c> every field,
    /// otherwise the named fields.
    /// </summary>
    public static FieldSelection Fields(string[]? fields, ObjectMetadata metadata, ObjectType type)
    {
        if (fields is not { Length: > 0 })
        {
            return FieldSelection.Default;
        }

        if (fields.Any(f => f.Trim() == FieldSelection.Every))
        {
            return fields.Length == 1
                ? FieldSelection.AllFields
                : throw new ToolInputException("fields: \"*\" means every field; give it alone, or list the fields you want.");
        }

        return FieldSelection.Only(FieldNames(fields, metadata, type)!);
    }

    /// <summary>The id-list field an answer shows under a type's plural ("tags" is <c>contact_cat</c>).</summary>
    private static string? ListFieldShownAs(string typed, ObjectMetadata metadata) =>
        metadata.Fields.FirstOrDefault(f => RecordFields.IsIdList(f.Name) && RecordFields.ReferencedType(f.Name, f) is { } listed &&
            ObjectTypeCatalog.BuiltIn.Find(listed) is { } shownAs && string.Equals(shownAs.Name, typed.Trim(), StringComparison.OrdinalIgnoreCase))?.Name;

    /// <summary>Sends action requests one after another; returns what Ontraport said, each distinct message once.</summary>
    public async Task<string> SendActionsAsync(IEnumerable<Client.Http.OntraportRequest> requests, CancellationToken cancellationToken)
    {
        var said = new List<string>();
        foreach (var request in requests)
        {
            if (await Client.Objects.SendActionAsync(request, cancellationToken) is { Length: > 0 } text)
            {
                said.Add(text);
            }
        }

        return string.Join(" ", said.Distinct());
    }

    /// <summary>Above this many records a bulk write needs <c>confirm_count</c>: the agent must have looked first.</summary>
    public const int BulkConfirmAbove = 100;

    /// <summary>
    /// Bulk is bounded: acting on more than <see cref="BulkConfirmAbove"/> records needs <c>confirm_count</c> equal to the
    /// number of records the call will touch. Never silently cut.
    /// </summary>
    public static void EnsureBulkConfirmed(long count, int? confirmCount, string what)
    {
        if (count <= BulkConfirmAbove || confirmCount == count)
        {
            return;
        }

        throw new ToolInputException(confirmCount is null
            ? $"This would {what} {count} records. Acting on more than {BulkConfirmAbove} records needs confirm_count: {count} (check the selection first, e.g. with dry_run). Nothing was done."
            : $"confirm_count is {confirmCount} but the call would {what} {count} records now. Check the selection and call again with confirm_count: {count}. Nothing was done.");
    }

    /// <summary>The guard of DESIGN §4.2: generic writes obey the per-object access table.</summary>
    public static void EnsureGenericWrite(ObjectType type, GenericAccess access, string verb)
    {
        if (ObjectTypeTools.WritesOnlyThrough(type) is { } tools)
        {
            throw new ToolInputException($"{type.Name} cannot be {verb} through the generic tools; use {tools}.");
        }

        if (!type.Allows(access))
        {
            var specialized = ObjectTypeTools.For(type) is { Count: > 0 } names ? $" Use {string.Join(", ", names)} instead." : "";
            throw new ToolInputException($"{type.Name} ({type.Id}) cannot be {verb} through the generic tools (allowed: {Describe(type.Access)}).{specialized}");
        }
    }

    private static string Describe(GenericAccess access) =>
        access == GenericAccess.None ? "none" : string.Join(" ", new[] { (GenericAccess.Get, "GET"), (GenericAccess.Post, "POST"), (GenericAccess.Put, "PUT"), (GenericAccess.Delete, "DEL") }
            .Where(p => access.HasFlag(p.Item1)).Select(p => p.Item2));
}
