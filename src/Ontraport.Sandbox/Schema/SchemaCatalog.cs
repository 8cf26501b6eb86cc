using Ontraport.Sandbox.Schema.Types;

namespace Ontraport.Sandbox.Schema;

/// <summary>
/// The object types of one account, by id and by endpoint name. Each account gets its own catalog so schema
/// changes (custom fields, custom objects) can stay per account.
/// </summary>
internal sealed class SchemaCatalog
{
    private readonly SortedDictionary<int, ObjectTypeSchema> _types = [];
    private readonly Dictionary<string, (ObjectTypeSchema Type, bool Plural)> _names = new(StringComparer.OrdinalIgnoreCase);

    public SchemaCatalog(IEnumerable<ObjectTypeSchema> types)
    {
        foreach (var type in types)
        {
            Add(type);
        }
    }

    /// <summary>Every object type, by ascending id.</summary>
    public IEnumerable<ObjectTypeSchema> Types => _types.Values;

    public static SchemaCatalog CreateDefault() => new(
        new[] { ContactSchema.Build() }
            .Concat(CrmSchemas.Build())
            .Concat(MarketingSchemas.Build())
            .Concat(CommerceSchemas.Build())
            .Concat(PartnerSchemas.Build())
            .Concat(AppSchemas.Build()));

    public ObjectTypeSchema? Find(int id) => _types.GetValueOrDefault(id);

    public ObjectTypeSchema Get(int id) => _types[id];

    /// <summary>Resolves an endpoint name (<c>Contacts</c>, <c>contact</c>, <c>Taxtypes</c>) to its type.</summary>
    public (ObjectTypeSchema Type, bool Plural)? FindByName(string name) =>
        _names.TryGetValue(name, out var match) ? match : null;

    private void Add(ObjectTypeSchema type)
    {
        _types.Add(type.Id, type);
        AddName(type.Plural, type, plural: true);
        AddName(type.Singular, type, plural: false);
        foreach (var alternate in type.AlternateNames)
        {
            AddName(alternate, type, plural: true);
        }
    }

    private void AddName(string name, ObjectTypeSchema type, bool plural)
    {
        if (name.Equals("object", StringComparison.OrdinalIgnoreCase) || name.Equals("objects", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Object type {type.Id} cannot be named {name}.");
        }

        if (!_names.TryAdd(name, (type, plural)))
        {
            throw new InvalidOperationException($"Endpoint name {name} is used twice.");
        }
    }
}
