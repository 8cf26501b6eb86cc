using System.Collections.Frozen;
using System.Globalization;
using Ontraport.Client.Metadata;

namespace Ontraport.Client.ObjectTypes;

/// <summary>
/// The object types of one account: the built-in table plus the custom objects its metadata lists.
/// Resolves what an agent types ("contacts", "Contact", "0", "deals", "Projects") to an <see cref="ObjectType"/>.
/// </summary>
public sealed class ObjectTypeCatalog
{
    private readonly FrozenDictionary<int, ObjectType> _byId;
    private readonly FrozenDictionary<string, ObjectType> _byName;

    public ObjectTypeCatalog(IEnumerable<ObjectType> types)
    {
        All = [.. types.OrderBy(t => t.Id)];
        _byId = All.ToFrozenDictionary(t => t.Id);
        var names = new Dictionary<string, ObjectType>(StringComparer.Ordinal);
        foreach (var type in All.Where(t => t.Exposed))
        {
            foreach (var name in new[] { type.Name, type.SingularName }.Concat(type.Aliases))
            {
                names.TryAdd(ObjectTypeRegistry.Normalize(name), type);
            }
        }

        _byName = names.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The built-in types only (no custom objects known yet).</summary>
    public static ObjectTypeCatalog BuiltIn { get; } = new(ObjectTypeRegistry.BuiltIn);

    /// <summary>Built-in types plus the custom objects (id ≥ 10000) found in an account's metadata.</summary>
    public static ObjectTypeCatalog FromMetadata(AccountMetadata metadata)
    {
        var custom = metadata.Objects.Values
            .Where(o => o.ObjectTypeId >= ObjectType.FirstCustomObjectId)
            .Select(o => new ObjectType
            {
                Id = o.ObjectTypeId,
                Name = Pluralize(o.Name),
                SingularName = o.Name,
                Category = "Custom Objects",
                Description = "Custom object of this account.",
                Access = GenericAccess.All,
                Aliases = [o.Name],
                CarriesMemberships = true,
            });
        return new ObjectTypeCatalog(ObjectTypeRegistry.BuiltIn.Concat(custom));
    }

    public IReadOnlyList<ObjectType> All { get; }

    public ObjectType? Find(int id) => _byId.GetValueOrDefault(id);

    /// <summary>Resolves an id or a name; on failure the error lists the nearest names.</summary>
    public bool TryResolve(string input, out ObjectType type, out string error)
    {
        type = null!;
        var text = input.Trim();
        if (text.Length == 0)
        {
            error = "object_type is empty; give an object type id (e.g. 0) or name (e.g. \"contacts\").";
            return false;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            if (_byId.TryGetValue(id, out var byId) && byId.Exposed)
            {
                type = byId;
                error = "";
                return true;
            }

            error = $"There is no object type {id} in this account.";
            return false;
        }

        if (_byName.TryGetValue(ObjectTypeRegistry.Normalize(text), out var byName))
        {
            type = byName;
            error = "";
            return true;
        }

        var suggestions = NearestNames(text, 3);
        error = $"Unknown object type '{text}'." +
            (suggestions.Count > 0 ? $" Did you mean {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?" : "");
        return false;
    }

    private List<string> NearestNames(string input, int count)
    {
        var normalized = ObjectTypeRegistry.Normalize(input);
        return [.. All.Where(t => t.Exposed)
            .Select(t => (t.Name, Distance: new[] { t.Name, t.SingularName }.Concat(t.Aliases)
                .Min(n => EditDistance.Between(normalized, ObjectTypeRegistry.Normalize(n)))))
            .Where(x => x.Distance <= Math.Max(2, normalized.Length / 3))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(x => x.Name)];
    }

    private static string Pluralize(string name) =>
        name.EndsWith('s') ? name : name.EndsWith('y') && name.Length > 1 && !"aeiou".Contains(name[^2]) ? name[..^1] + "ies" : name + "s";
}
