using System.Collections.Frozen;
using Ontraport.Client.Objects;

namespace Ontraport.Client.Metadata;

/// <summary>
/// What Ontraport's fields mean beyond their metadata, in one labelled place: which columns a list shows, which fields
/// name a record, which hold id lists of other records, and which are internal bookkeeping. [V] = verified in the API
/// reference, INFERRED = our reading, to correct here if the live API disagrees.
/// </summary>
public static class RecordFields
{
    /// <summary>
    /// INFERRED: list-view pseudo columns that stand for real fields. <c>fn</c> is the field editor's "Name" merge
    /// field (API reference §2.5 [V]) and contacts' first list column (§2 getInfo capture [V]); it reads as first + last.
    /// </summary>
    private static readonly FrozenDictionary<string, string[]> ColumnFields = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["fn"] = ["firstname", "lastname"],
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// INFERRED: fields that record how a record got into the account (sources, imports, tracking ids, indexes), not what
    /// it is about. Shown only when asked for by name or with every field. The names are in every contact-like record
    /// (API reference §2.3, §5.1 [V]); their meaning is our reading.
    /// </summary>
    private static readonly FrozenSet<string> InternalFields = new[]
    {
        "bindex", "import_id", "system_source", "source_location", "unique_id", "ip_addy", "ip_addy_display", "user_agent",
        "time_since_dla", "gcid", "gclid", "fbc", "fbp", "use_utm_names", "emailHash",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// [V: API reference §2.3] the <c>*/*</c> id lists of contact-like records and the object type their ids belong to:
    /// tags (14), sequences (5), automations (140).
    /// </summary>
    private static readonly FrozenDictionary<string, int> IdListFields = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["contact_cat"] = 14,
        ["updateSequence"] = 5,
        ["updateCampaign"] = 140,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Whether a field is internal bookkeeping (see <see cref="InternalFields"/>).</summary>
    public static bool IsInternal(string field) => InternalFields.Contains(field);

    /// <summary>The object type whose ids a field holds: an id list (tags, sequences, automations) or a lookup's parent.</summary>
    public static int? ReferencedType(string field, FieldMetadata? metadata) =>
        IdListFields.TryGetValue(field, out var listed) ? listed
        : metadata is { Kind: FieldKind.Lookup, ParentObjectId: { } parent } ? parent
        : null;

    /// <summary>Whether the field's value is a <c>*/*</c> list of ids (rather than one id).</summary>
    public static bool IsIdList(string field) => IdListFields.ContainsKey(field);

    /// <summary>
    /// The fields that name a record: first and last name for people, else <c>name</c>, <c>tag_name</c> or
    /// <c>subject</c>, else text fields whose label says "name", else the first text field.
    /// </summary>
    public static IReadOnlyList<string> NameFields(ObjectMetadata metadata)
    {
        if (Has(metadata, "firstname") || metadata.ObjectTypeId is 0 or 2)
        {
            return PersonNameFields;
        }

        foreach (var candidate in (string[])["name", "tag_name", "subject"])
        {
            if (Has(metadata, candidate))
            {
                return [candidate];
            }
        }

        var named = metadata.Fields.Where(f => f.Kind == FieldKind.Text && f.Alias.Contains("name", StringComparison.OrdinalIgnoreCase)).Select(f => f.Name).ToList();
        return named.Count > 0 ? named : metadata.Fields.Count == 0 ? ["name"] : [.. metadata.Fields.Where(f => f.Kind == FieldKind.Text).Take(1).Select(f => f.Name)];
    }

    /// <summary>What every row of a type shows whatever the list view says: id, the name fields, and the email.</summary>
    public static IReadOnlyList<string> Essentials(ObjectMetadata metadata)
    {
        var essentials = new List<string> { "id" };
        essentials.AddRange(NameFields(metadata));
        if (Has(metadata, "email") || metadata.ObjectTypeId == 0)
        {
            essentials.Add("email");
        }

        return [.. essentials.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The columns of a list page: <see cref="Essentials"/>, then the account's list-view columns (<c>getInfo</c>
    /// <c>listFields</c>) as real field names (pseudo columns expanded; columns the metadata does not know are skipped,
    /// since a list read would answer them as null). Without list-view columns, the first few fields of the metadata.
    /// </summary>
    public static IReadOnlyList<string> ListColumns(ObjectMetadata metadata, IReadOnlyList<string> listFields)
    {
        var columns = new List<string>(Essentials(metadata));
        var known = listFields.SelectMany(f => ColumnFields.TryGetValue(f, out var real) ? real : [f])
            .Where(f => metadata.Fields.Count == 0 || Has(metadata, f))
            .ToList();
        if (known.Count == 0)
        {
            known = [.. metadata.Fields.Where(f => !IsInternal(f.Name) && !IsIdList(f.Name)).Take(DefaultColumnCount).Select(f => f.Name)];
        }

        columns.AddRange(known.Where(f => !columns.Contains(f, StringComparer.OrdinalIgnoreCase)));
        return columns;
    }

    /// <summary>How many metadata fields a list shows when the account names no list-view columns.</summary>
    public const int DefaultColumnCount = 6;

    /// <summary>The fields that name a person (contacts, users): first and last name.</summary>
    public static IReadOnlyList<string> PersonNameFields { get; } = ["firstname", "lastname"];

    /// <summary>
    /// The one rule that names a record ("Sarah Mitchell", "VIP", "#12" is the caller's): a person (name fields with
    /// <c>firstname</c>) by first and last name, trimmed and joined; any other record by the first of its
    /// <paramref name="nameFields"/> that has a value (they are alternatives, in order: a message's subject, else its
    /// name); else its email; else null (unnamed).
    /// </summary>
    public static string? DisplayName(OntraportRecord record, IReadOnlyList<string> nameFields)
    {
        var name = nameFields.Contains("firstname", StringComparer.Ordinal) ? PersonName(record)
            : nameFields.Select(f => record[f]?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? "";
        return name.Length > 0 ? name : string.IsNullOrWhiteSpace(record["email"]) ? null : record["email"];
    }

    /// <summary>A person's first and last name ("Sarah Mitchell"), empty when both are blank (no email fallback).</summary>
    public static string PersonName(OntraportRecord record) =>
        string.Join(' ', PersonNameFields.Select(f => record[f]?.Trim()).Where(v => !string.IsNullOrEmpty(v)));

    private static bool Has(ObjectMetadata metadata, string field) =>
        metadata.FindField(field) is { } f && string.Equals(f.Name, field, StringComparison.OrdinalIgnoreCase);
}
