using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Ontraport.Client.Metadata;

/// <summary>The fields of one object type, looked up by field name or alias, case-insensitively.</summary>
public sealed class ObjectMetadata
{
    private readonly FrozenDictionary<string, FieldMetadata> _byName;
    private readonly FrozenDictionary<string, FieldMetadata> _byAlias;

    public ObjectMetadata(int objectTypeId, string name, IReadOnlyList<FieldMetadata> fields)
    {
        ObjectTypeId = objectTypeId;
        Name = name;
        Fields = fields;
        _byName = fields.DistinctBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        _byAlias = fields.Where(f => !string.IsNullOrWhiteSpace(f.Alias))
            .DistinctBy(f => NormalizeAlias(f.Alias), StringComparer.Ordinal)
            .ToFrozenDictionary(f => NormalizeAlias(f.Alias), StringComparer.Ordinal);
    }

    public int ObjectTypeId { get; }

    /// <summary>The meta name ("Contact", "Invoice", "Project").</summary>
    public string Name { get; }

    /// <summary>Fields in the order the metadata lists them.</summary>
    public IReadOnlyList<FieldMetadata> Fields { get; }

    /// <summary>Finds a field by its name (<c>spent</c>) or alias (<c>Lifetime Value</c>), ignoring case, spaces and underscores in aliases.</summary>
    public FieldMetadata? FindField(string nameOrAlias)
    {
        var text = nameOrAlias.Trim();
        return _byName.GetValueOrDefault(text) ?? _byAlias.GetValueOrDefault(NormalizeAlias(text));
    }

    /// <summary>The fields whose name or alias is closest to what was typed, best first.</summary>
    public IReadOnlyList<FieldMetadata> SuggestFields(string typed, int count = 3)
    {
        var normalized = NormalizeAlias(typed);
        return [.. Fields
            .Select(f => (Field: f, Distance: Score(normalized, typed, f)))
            .Where(x => x.Distance <= Math.Max(3, normalized.Length / 2))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Field.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(x => x.Field)];
    }

    /// <summary>A name that is no field of this object, with the nearest fields (the caller adds how to list them all).</summary>
    public UnknownField DescribeUnknownField(string typed, string objectName) => new(typed, objectName, SuggestFields(typed));

    public static string Describe(FieldMetadata field) =>
        string.Equals(field.Alias, field.Name, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(field.Alias)
            ? $"'{field.Name}'"
            : $"'{field.Name}' ({field.Alias})";

    /// <summary>Edit distance to the name or alias; a name or alias that contains what was typed (or the reverse) ranks first.</summary>
    private static int Score(string normalized, string typed, FieldMetadata field)
    {
        var name = NormalizeAlias(field.Name);
        var alias = NormalizeAlias(field.Alias);
        if (normalized.Length >= 3 && (name.Contains(normalized, StringComparison.Ordinal) || alias.Contains(normalized, StringComparison.Ordinal) ||
            (name.Length >= 3 && normalized.Contains(name, StringComparison.Ordinal)) || (alias.Length >= 3 && normalized.Contains(alias, StringComparison.Ordinal))))
        {
            return 0;
        }

        var words = typed.Split([' ', '_', '-'], StringSplitOptions.RemoveEmptyEntries);
        var sharedWord = words.Any(w => w.Length > 2 && field.Alias.Contains(w, StringComparison.OrdinalIgnoreCase)) ? 2 : 0;
        return Math.Min(EditDistance.Between(normalized, name), EditDistance.Between(normalized, alias)) - sharedWord;
    }

    private static string NormalizeAlias(string alias)
    {
        Span<char> buffer = alias.Length <= 256 ? stackalloc char[alias.Length] : new char[alias.Length];
        var length = 0;
        foreach (var c in alias)
        {
            if (char.IsLetterOrDigit(c))
            {
                buffer[length++] = char.ToLower(c, CultureInfo.InvariantCulture);
            }
        }

        return new string(buffer[..length]);
    }

    /// <summary>Parses one entry of the <c>objects/meta</c> map: <c>{"name":"Contact","fields":{"firstname":{…}}}</c>.</summary>
    public static ObjectMetadata Parse(int objectTypeId, JsonObject entry)
    {
        var name = entry["name"]?.GetValue<string>() ?? objectTypeId.ToString(CultureInfo.InvariantCulture);
        var fields = new List<FieldMetadata>();
        if (entry["fields"] is JsonObject fieldMap)
        {
            foreach (var (fieldName, node) in fieldMap)
            {
                if (node is not JsonObject field)
                {
                    continue;
                }

                fields.Add(new FieldMetadata
                {
                    Name = fieldName,
                    Alias = JsonText.AsString(field["alias"]) ?? fieldName,
                    Type = JsonText.AsString(field["type"]) ?? "text",
                    Required = JsonText.AsFlag(field["required"]),
                    Unique = JsonText.AsFlag(field["unique"]),
                    Editable = field["editable"] is null || JsonText.AsFlag(field["editable"]),
                    Options = ParseOptions(field["options"]),
                    ParentObjectId = int.TryParse(JsonText.AsString(field["parent_object"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent) ? parent : null,
                });
            }
        }

        if (fields.Count > 0 && !fields.Any(f => f.Name == "id"))
        {
            // Every record has an id, but the metadata does not always list it; conditions on id are common.
            fields.Insert(0, new FieldMetadata { Name = "id", Alias = "ID", Type = "numeric", Editable = false });
        }

        return new ObjectMetadata(objectTypeId, name, fields);
    }

    private static Dictionary<string, string> ParseOptions(JsonNode? node)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    options[key] = JsonText.AsString(value) ?? "";
                }

                break;
            case JsonArray list:
                // PHP serializes a 0-based map as a list.
                for (var i = 0; i < list.Count; i++)
                {
                    options[i.ToString(CultureInfo.InvariantCulture)] = JsonText.AsString(list[i]) ?? "";
                }

                break;
        }

        return options;
    }
}

/// <summary>A field name that is not on an object type: what was typed and the fields whose name or alias is closest.</summary>
public sealed record UnknownField(string Typed, string ObjectName, IReadOnlyList<FieldMetadata> Suggestions)
{
    /// <summary>"field 'x' is not on Contacts"</summary>
    public string Subject => $"field '{Typed}' is not on {ObjectName}";

    /// <summary>"field 'x' is not on Contacts; did you mean 'spent' (Lifetime Value)?", or "field 'x' is not on Contacts; no field has a similar name or alias."</summary>
    public string Message => Suggestions.Count > 0
        ? $"{Subject}; did you mean {string.Join(" or ", Suggestions.Select(ObjectMetadata.Describe))}?"
        : $"{Subject}; no field has a similar name or alias.";
}
