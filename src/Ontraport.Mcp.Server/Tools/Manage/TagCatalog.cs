using Ontraport.Client;
using Ontraport.Client.Conditions;
using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;

namespace Ontraport.Mcp.Server.Tools.Manage;

/// <summary>
/// The tags (14) of one object type, found by id or by exact name (case-insensitive). Tags belong to an object type
/// (<c>object_type_id</c>, 0 for contacts); a tag of another type is refused rather than applied.
/// </summary>
internal sealed class TagCatalog(ToolSession session)
{
    private const int TagType = ObjectTypeIds.Tag;

    public async Task<IReadOnlyList<OntraportRecord>> ByIdsAsync(ObjectType type, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var (found, _) = await session.Client.Objects.ListAllAsync(TagType, RecordSelection.ForIds(ids), ids.Count, ["tag_name", "object_type_id"], cancellationToken);
        var missing = ids.Except(found.Select(t => t.Id)).ToList();
        if (missing.Count > 0)
        {
            throw new ToolInputException($"tag_ids: there is no tag with id {string.Join(", ", missing)}." + await SomeAsync(type, cancellationToken));
        }

        if (found.FirstOrDefault(t => TypeOf(t) != type.Id) is { } foreign)
        {
            throw new ToolInputException($"tag_ids: tag {foreign.Id} '{foreign["tag_name"]}' belongs to {TypeName(TypeOf(foreign))}, not {type.Name}." + await SomeAsync(type, cancellationToken));
        }

        return [.. ids.Select(id => found.First(t => t.Id == id))];
    }

    /// <summary>The tags of <paramref name="type"/> with these names, and the names no tag has.</summary>
    public async Task<(IReadOnlyList<OntraportRecord> Found, IReadOnlyList<string> Missing)> ByNamesAsync(ObjectType type, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var criteria = Criteria.Where(new Condition("tag_name", ConditionOperator.In, [.. names.Select(n => ConditionLiteral.Of(n))]));
        var (candidates, _) = await session.Client.Objects.ListAllAsync(TagType, new RecordSelection { Condition = criteria }, 500, ["tag_name", "object_type_id"], cancellationToken);
        var found = new List<OntraportRecord>();
        var missing = new List<string>();
        foreach (var name in names)
        {
            var match = candidates.Where(t => TypeOf(t) == type.Id && string.Equals(t["tag_name"]?.Trim(), name, StringComparison.OrdinalIgnoreCase)).MinBy(t => t.Id);
            if (match is null)
            {
                missing.Add(name);
            }
            else
            {
                found.Add(match);
            }
        }

        return (found, missing);
    }

    /// <summary>" Did you mean 'warm lead' (3)?" for each name, from the type's tags.</summary>
    public async Task<string> SuggestAsync(ObjectType type, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var all = await AllAsync(type, cancellationToken);
        var hints = names.Select(name => (name, near: all
                .Select(t => (Tag: t, Distance: EditDistance.Between(name.ToLowerInvariant(), (t["tag_name"] ?? "").ToLowerInvariant())))
                .Where(x => x.Distance <= Math.Max(2, name.Length / 3))
                .OrderBy(x => x.Distance)
                .Select(x => x.Tag)
                .FirstOrDefault()))
            .Where(h => h.near is not null)
            .Select(h => $"for '{h.name}' did you mean '{h.near!["tag_name"]}' ({h.near.Id})?")
            .ToList();
        return hints.Count > 0 ? " " + string.Join(" ", hints) : await SomeAsync(type, cancellationToken);
    }

    private async Task<string> SomeAsync(ObjectType type, CancellationToken cancellationToken)
    {
        var all = await AllAsync(type, cancellationToken);
        return all.Count == 0
            ? $" {type.Name} have no tags yet."
            : $" Tags of {type.Name}: {string.Join("; ", all.Take(20).Select(t => $"{t.Id} '{t["tag_name"]}'"))}{(all.Count > 20 ? "; …" : "")}.";
    }

    private async Task<IReadOnlyList<OntraportRecord>> AllAsync(ObjectType type, CancellationToken cancellationToken)
    {
        var criteria = Criteria.Where(Condition.Compare("object_type_id", ConditionOperator.Equal, ConditionLiteral.Of(type.Id)));
        var condition = type.Id == ObjectTypeIds.Contact ? criteria.Or(Condition.IsNull("object_type_id")) : criteria;
        var (tags, _) = await session.Client.Objects.ListAllAsync(TagType, new RecordSelection { Condition = condition }, 500, ["tag_name", "object_type_id"], cancellationToken);
        return tags;
    }

    private static int TypeOf(OntraportRecord tag) => (int)(tag.GetLong("object_type_id") ?? 0);

    private static string TypeName(int id) => ObjectTypeCatalog.BuiltIn.Find(id)?.Name ?? $"object type {id}";
}
