namespace Ontraport.Sandbox.Schema;

/// <summary>Describes an object type field by field, in record order, grouped into field-editor sections.</summary>
internal sealed class ObjectTypeBuilder
{
    private readonly int _id;
    private readonly string _name;
    private readonly string _singular;
    private readonly string _plural;
    private readonly List<string> _alternateNames = [];
    private readonly List<FieldDefinition> _fields = [];
    private readonly List<string> _listFields = [];
    private readonly List<string> _sumFields = [];
    private ObjectAccess _access = ObjectAccess.Read;
    private string _section = "General Information";
    private string? _mergeField;

    public ObjectTypeBuilder(int id, string name, string singular, string plural)
    {
        _id = id;
        _name = name;
        _singular = singular;
        _plural = plural;
    }

    public ObjectTypeBuilder Access(ObjectAccess access)
    {
        _access = access;
        return this;
    }

    public ObjectTypeBuilder AlsoNamed(params string[] names)
    {
        _alternateNames.AddRange(names);
        return this;
    }

    public ObjectTypeBuilder ListFields(params string[] fields)
    {
        _listFields.AddRange(fields);
        return this;
    }

    public ObjectTypeBuilder Sums(params string[] fields)
    {
        _sumFields.AddRange(fields);
        return this;
    }

    public ObjectTypeBuilder MergeOn(string field)
    {
        _mergeField = field;
        return this;
    }

    /// <summary>Fields added from now on belong to this field-editor section.</summary>
    public ObjectTypeBuilder Section(string name)
    {
        _section = name;
        return this;
    }

    public ObjectTypeBuilder Field(string name, string alias, string type) => Add(new FieldDefinition(name, alias, type, _section));

    public ObjectTypeBuilder Text(string name, string alias) => Field(name, alias, FieldType.Text);

    public ObjectTypeBuilder LongText(string name, string alias) => Field(name, alias, FieldType.LongText);

    public ObjectTypeBuilder Number(string name, string alias) => Field(name, alias, FieldType.Numeric);

    public ObjectTypeBuilder Price(string name, string alias) => Field(name, alias, FieldType.Price);

    public ObjectTypeBuilder Date(string name, string alias) => Field(name, alias, FieldType.FullDate);

    /// <summary>A date the server keeps (created, modified, last activity): unix seconds, not editable.</summary>
    public ObjectTypeBuilder Timestamp(string name, string alias) => Add(new FieldDefinition(name, alias, FieldType.Timestamp, _section) { Editable = false });

    /// <summary>A value the server sets; visible but not editable.</summary>
    public ObjectTypeBuilder System(string name, string alias, string type = FieldType.Text) =>
        Add(new FieldDefinition(name, alias, type, _section) { Editable = false });

    public ObjectTypeBuilder Drop(string name, string alias, params (string Key, string Label)[] options) =>
        Add(new FieldDefinition(name, alias, FieldType.Drop, _section) { Options = ToOptions(options) });

    public ObjectTypeBuilder Parent(string name, string alias, int parentObject) =>
        Add(new FieldDefinition(name, alias, FieldType.Parent, _section) { ParentObject = parentObject });

    public ObjectTypeBuilder Check(string name, string alias) => Field(name, alias, FieldType.Check);

    /// <summary>A custom field (<c>fNNNN</c>): deletable, unlike the built-in fields.</summary>
    public ObjectTypeBuilder Custom(string name, string alias, string type, params (string Key, string Label)[] options) =>
        Add(new FieldDefinition(name, alias, type, _section) { Deletable = true, Options = ToOptions(options) });

    public ObjectTypeBuilder CustomParent(string name, string alias, int parentObject) =>
        Add(new FieldDefinition(name, alias, FieldType.Parent, _section) { Deletable = true, ParentObject = parentObject });

    /// <summary>Marks the last field added as required.</summary>
    public ObjectTypeBuilder Required()
    {
        _fields[^1] = _fields[^1] with { Required = true };
        return this;
    }

    /// <summary>Marks the last field added as unique (saveorupdate matches on it).</summary>
    public ObjectTypeBuilder Unique()
    {
        _fields[^1] = _fields[^1] with { Unique = true };
        return this;
    }

    public ObjectTypeSchema Build()
    {
        var listFields = _listFields.Count > 0 ? _listFields : _fields.Take(5).Select(f => f.Name).ToList();
        return new ObjectTypeSchema(_id, _name, _singular, _plural, _alternateNames, _access, _fields, listFields, _sumFields, _mergeField);
    }

    private ObjectTypeBuilder Add(FieldDefinition field)
    {
        if (_fields.Any(f => f.Name.Equals(field.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"Field {field.Name} is defined twice on object type {_id}.");
        }

        var editorId = field.Name.Length > 1 && field.Name[0] == 'f' && int.TryParse(field.Name.AsSpan(1), out var number)
            ? number
            : (_id * 1000) + _fields.Count + 1;
        _fields.Add(field with { EditorId = editorId });
        return this;
    }

    private static List<KeyValuePair<string, string>> ToOptions((string Key, string Label)[] options) =>
        options.Select(o => new KeyValuePair<string, string>(o.Key, o.Label)).ToList();
}
