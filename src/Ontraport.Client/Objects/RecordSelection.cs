using Ontraport.Client.Conditions;
using Ontraport.Client.Http;

namespace Ontraport.Client.Objects;

/// <summary>
/// Which records a read, delete or bulk action applies to (API reference §2.1): explicit ids, a condition, a free-text
/// search, or a group. An empty selection means "every record", which the tools refuse for writes (DESIGN §4.2).
/// </summary>
public sealed record RecordSelection
{
    public IReadOnlyList<long>? Ids { get; init; }

    public Criteria? Condition { get; init; }

    public string? Search { get; init; }

    public long? GroupId { get; init; }

    public static RecordSelection ForIds(IReadOnlyList<long> ids) => new() { Ids = ids };

    public bool SelectsEverything => (Ids is null || Ids.Count == 0) && Condition is null && string.IsNullOrWhiteSpace(Search) && GroupId is null;

    internal RequestParameters AddTo(RequestParameters parameters, bool action)
    {
        parameters.AddList("ids", Ids).AddCriteria("condition", Condition).Add("search", string.IsNullOrWhiteSpace(Search) ? null : Search).Add("group_id", GroupId);
        if (action && GroupId is not null && (Ids is null || Ids.Count == 0))
        {
            // Actions on a group need performAll (API reference §2.1).
            parameters.Add("performAll", "1");
        }

        return parameters;
    }
}

public enum SortDirection
{
    Ascending,
    Descending,
}

/// <summary>Paging and shaping of a collection read.</summary>
public sealed record ListOptions
{
    public const int MaxRange = 50;

    public RecordSelection Selection { get; init; } = new();

    public int Start { get; init; }

    /// <summary>Page size, 1–50 (Ontraport's maximum).</summary>
    public int Range { get; init; } = 20;

    public string? Sort { get; init; }

    public SortDirection? SortDirection { get; init; }

    /// <summary>Return only these fields (plus id): Ontraport's <c>listFields</c>.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    /// <summary>Ask for the total number of matches with the page (the 2025 <c>count</c> flag; see <see cref="ObjectsService.ListPageAsync"/>).</summary>
    public bool IncludeCount { get; init; }
}

/// <summary>Subscription targets of <c>objects/subscribe</c>: <c>Campaign</c> (automations) or <c>Sequence</c>.</summary>
public enum SubscriptionKind
{
    Automation,
    Sequence,
}
