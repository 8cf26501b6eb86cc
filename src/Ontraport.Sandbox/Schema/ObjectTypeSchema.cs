namespace Ontraport.Sandbox.Schema;

/// <summary>An object type: its id, its names, its fields and how list views treat it.</summary>
internal sealed class ObjectTypeSchema
{
    private readonly Dictionary<string, FieldDefinition> _fieldsByName;

    public ObjectTypeSchema(
        int id,
        string name,
        string singular,
        string plural,
        IReadOnlyList<string> alternateNames,
        ObjectAccess access,
        IReadOnlyList<FieldDefinition> fields,
        IReadOnlyList<string> listFields,
        IReadOnlyList<string> sumFields,
        string? mergeField)
    {
        Id = id;
        Name = name;
        Singular = singular;
        Plural = plural;
        AlternateNames = alternateNames;
        Access = access;
        Fields = fields;
        ListFields = listFields;
        SumFields = sumFields;
        MergeField = mergeField;
        _fieldsByName = fields.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        Columns = ["id", .. fields.Select(f => f.Name)];
    }

    public int Id { get; }

    /// <summary>The name <c>objects/meta</c> shows (e.g. <c>Contact</c>, <c>Invoice</c> for 46).</summary>
    public string Name { get; }

    /// <summary>The singular endpoint name (<c>/Contact</c> ≡ <c>/object?objectID=0</c>).</summary>
    public string Singular { get; }

    /// <summary>The plural endpoint name (<c>/Contacts</c> ≡ <c>/objects?objectID=0</c>).</summary>
    public string Plural { get; }

    /// <summary>Other plural endpoint names clients use (e.g. <c>Taxtypes</c>).</summary>
    public IReadOnlyList<string> AlternateNames { get; }

    public ObjectAccess Access { get; }

    /// <summary>Every field but <c>id</c>, in record order.</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; }

    /// <summary><c>id</c> then every field: the keys of a record, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The default columns of the list view (<c>getInfo</c> <c>listFields</c>).</summary>
    public IReadOnlyList<string> ListFields { get; }

    /// <summary>Fields <c>getInfo</c> sums (see <see cref="SandboxChoices"/>).</summary>
    public IReadOnlyList<string> SumFields { get; }

    /// <summary>The field <c>saveorupdate</c> matches on (email for contacts), or null to use unique fields.</summary>
    public string? MergeField { get; }

    public bool IsCustom => Id >= ObjectTypeIds.FirstCustom;

    public bool Can(ObjectAccess access) => (Access & access) == access;

    public FieldDefinition? Field(string name) => _fieldsByName.GetValueOrDefault(name);

    public bool HasField(string name) => _fieldsByName.ContainsKey(name);

    /// <summary>A column name as the schema spells it (case-insensitive lookup), or null when unknown.</summary>
    public string? Column(string name) =>
        name.Equals("id", StringComparison.OrdinalIgnoreCase) ? "id" : Field(name)?.Name;

    /// <summary>True when the column compares as a number.</summary>
    public bool IsNumericColumn(string column) => column == "id" || (Field(column)?.IsNumeric ?? false);
}
