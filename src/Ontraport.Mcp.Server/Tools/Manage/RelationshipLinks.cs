using Ontraport.Client.Conditions;
using Ontraport.Client.Metadata;
using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Relationships;

namespace Ontraport.Mcp.Server.Tools.Manage;

/// <summary>One way two object types can be linked: a lookup field on <see cref="Holder"/> pointing at <see cref="Target"/>.</summary>
internal sealed record LookupLink(ObjectType Holder, FieldMetadata Field, ObjectType Target)
{
    public string Describe() => $"{ObjectMetadata.Describe(Field)} on {Holder.Name}";
}

/// <summary>
/// What can link two object types: the lookup (<c>parent</c>) fields the metadata shows in either direction, and Custom
/// Object Relationships (102), which link contacts and custom objects (the seed's "Available objects"). Also reads the
/// 102 rows between two records.
/// </summary>
internal sealed class RelationshipLinks(ToolSession session)
{
    public async Task<IReadOnlyList<LookupLink>> LookupsAsync(ObjectType a, ObjectType b, CancellationToken cancellationToken)
    {
        var links = new List<LookupLink>();
        links.AddRange(await FieldsAsync(a, b, cancellationToken));
        if (a.Id != b.Id)
        {
            links.AddRange(await FieldsAsync(b, a, cancellationToken));
        }

        return links;
    }

    /// <summary>Custom Object Relationships link contacts and custom objects (either way), or two contacts.</summary>
    public static bool RelationshipsApply(ObjectType a, ObjectType b) =>
        (a.Id == ObjectTypeIds.Contact || a.IsCustom) && (b.Id == ObjectTypeIds.Contact || b.IsCustom);

    /// <summary>The names of the 102 relationships already used between these two types, most used first.</summary>
    public async Task<IReadOnlyList<string>> NamesAsync(ObjectType a, ObjectType b, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync(Between(a.Id, b.Id).Or(Condition.Compare("parent_object_type_id", ConditionOperator.Equal, ConditionLiteral.Of(b.Id)))
            .And(Condition.Compare("child_object_type_id", ConditionOperator.Equal, ConditionLiteral.Of(a.Id))), cancellationToken);
        return [.. rows.GroupBy(r => r["name"] ?? "").Where(g => g.Key.Length > 0).OrderByDescending(g => g.Count()).Select(g => g.Key)];
    }

    /// <summary>The orientation a relationship name is used in: (parent type, child type), preferring a → b.</summary>
    public async Task<bool> IsUsedReversedAsync(ObjectType a, ObjectType b, string name, CancellationToken cancellationToken)
    {
        if (a.Id == b.Id)
        {
            return false;
        }

        var forward = await RowsAsync(Named(Between(a.Id, b.Id), name), cancellationToken);
        if (forward.Count > 0)
        {
            return false;
        }

        return (await RowsAsync(Named(Between(b.Id, a.Id), name), cancellationToken)).Count > 0;
    }

    /// <summary>The 102 rows named <paramref name="name"/> from one record to another.</summary>
    public Task<IReadOnlyList<OntraportRecord>> RowsBetweenAsync(int parentType, long parentId, int childType, long childId, string name, CancellationToken cancellationToken) =>
        RowsAsync(Named(Between(parentType, childType), name)
            .And(Condition.Compare("parent_id", ConditionOperator.Equal, ConditionLiteral.Of(parentId)))
            .And(Condition.Compare("child_id", ConditionOperator.Equal, ConditionLiteral.Of(childId))), cancellationToken);

    private async Task<IReadOnlyList<LookupLink>> FieldsAsync(ObjectType holder, ObjectType target, CancellationToken cancellationToken)
    {
        var metadata = await session.MetadataAsync(holder, cancellationToken);
        return [.. metadata.Fields
            .Where(f => f.Kind == FieldKind.Lookup && f.ParentObjectId == target.Id && f.Editable)
            .Select(f => new LookupLink(holder, f, target))];
    }

    private async Task<IReadOnlyList<OntraportRecord>> RowsAsync(Criteria criteria, CancellationToken cancellationToken)
    {
        var (rows, _) = await session.Client.Objects.ListAllAsync(RelationshipRequests.ObjectTypeId, new RecordSelection { Condition = criteria }, 500,
            ["name", "parent_object_type_id", "parent_id", "child_object_type_id", "child_id"], cancellationToken);
        return rows;
    }

    private static Criteria Between(int parentType, int childType) =>
        Criteria.Where(Condition.Compare("parent_object_type_id", ConditionOperator.Equal, ConditionLiteral.Of(parentType)))
            .And(Condition.Compare("child_object_type_id", ConditionOperator.Equal, ConditionLiteral.Of(childType)));

    private static Criteria Named(Criteria criteria, string name) =>
        criteria.And(Condition.Compare("name", ConditionOperator.Equal, ConditionLiteral.Of(name)));
}
