using Ontraport.Sandbox.Criteria;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Selection;

/// <summary>
/// Which records a collection request is about: <c>ids</c> (<c>0</c> = no id filter), <c>condition</c>,
/// <c>search</c> (+ <c>searchNotes</c>), <c>group_id</c>/<c>group_ids</c> and <c>performAll</c> (ontraport-api.md §2.1).
/// All given filters must hold together.
/// </summary>
internal sealed class RecordSelection
{
    private RecordSelection(
        IReadOnlySet<long>? ids, CriteriaExpression? condition, string? search, bool searchNotes, IReadOnlyList<long> groupIds, bool performAll)
    {
        Ids = ids;
        Condition = condition;
        Search = search;
        SearchNotes = searchNotes;
        GroupIds = groupIds;
        PerformAll = performAll;
    }

    public IReadOnlySet<long>? Ids { get; }

    public CriteriaExpression? Condition { get; }

    public string? Search { get; }

    public bool SearchNotes { get; }

    public IReadOnlyList<long> GroupIds { get; }

    public bool PerformAll { get; }

    /// <summary>True when anything narrows the selection; false means "every record of the type".</summary>
    public bool HasFilter => Ids is not null || Condition is not null || Search is not null || GroupIds.Count > 0;

    public static RecordSelection From(ApiParameters parameters, ObjectTypeSchema type)
    {
        var ids = parameters.Ids("ids").Where(id => id != 0).ToHashSet();
        var condition = parameters.Get("condition") is { } value ? CriteriaParser.Parse(value, type) : null;
        var groups = parameters.Ids("group_id").Concat(parameters.Ids("group_ids")).Where(id => id != 0).Distinct().ToList();
        return new RecordSelection(
            ids.Count > 0 ? ids : null,
            condition is { IsEmpty: false } ? condition : null,
            parameters.NonBlank("search"),
            parameters.Flag("searchNotes"),
            groups,
            parameters.Flag("performAll"));
    }

    /// <summary>The matching records, in id order.</summary>
    public IEnumerable<Record> Apply(AccountStore store, ObjectTypeSchema type)
    {
        IEnumerable<Record> rows = store.Table(type).Rows;
        if (Ids is not null)
        {
            rows = rows.Where(r => Ids.Contains(r.Id));
        }

        if (GroupIds.Count > 0)
        {
            var groups = GroupCriteria(store, type);
            rows = rows.Where(r => groups.Any(g => g.Matches(r)));
        }

        if (Condition is not null)
        {
            rows = rows.Where(Condition.Matches);
        }

        if (Search is not null)
        {
            var matcher = new SearchMatcher(store, type, Search, SearchNotes);
            rows = rows.Where(matcher.Matches);
        }

        return rows;
    }

    /// <summary>The stored criteria of the selected groups of this type; unknown groups match nothing.</summary>
    private List<CriteriaExpression> GroupCriteria(AccountStore store, ObjectTypeSchema type)
    {
        var expressions = new List<CriteriaExpression>();
        foreach (var groupId in GroupIds)
        {
            var group = store.Find(ObjectTypeIds.Group, groupId);
            if (group is null || group.Long("object_type_id") != type.Id)
            {
                continue;
            }

            try
            {
                expressions.Add(CriteriaParser.Parse(ParameterValue.FromText(group["criteria"] ?? "[]"), type));
            }
            catch (ApiError)
            {
                // A group whose stored criteria no longer fit the schema selects nothing.
            }
        }

        return expressions;
    }
}
