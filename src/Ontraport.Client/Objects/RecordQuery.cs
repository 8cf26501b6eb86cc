using Ontraport.Client.Conditions;

namespace Ontraport.Client.Objects;

/// <summary>
/// A read of one object type, said declaratively: which records (conditions, ids, search, group), which fields, in which
/// order, which page. <see cref="PageAsync"/> sends it as one list request that carries its own count
/// (<see cref="ObjectsService.ListPageAsync"/>), so no read needs a list and a count side by side. Immutable: each
/// method returns a new query.
/// </summary>
public sealed record RecordQuery
{
    private RecordQuery(int objectTypeId) => ObjectTypeId = objectTypeId;

    public int ObjectTypeId { get; }

    public Criteria? Criteria { get; private init; }

    public IReadOnlyList<long>? Ids { get; private init; }

    public string? Search { get; private init; }

    public long? GroupId { get; private init; }

    public IReadOnlyList<string>? Fields { get; private init; }

    public string? Sort { get; private init; }

    public SortDirection SortDirection { get; private init; }

    public int Start { get; private init; }

    public int Range { get; private init; } = 20;

    public static RecordQuery Of(int objectTypeId) => new(objectTypeId);

    /// <summary>ANDs a condition onto the query; null adds nothing.</summary>
    public RecordQuery Where(Condition? condition) =>
        condition is null ? this : this with { Criteria = Criteria is null ? Criteria.Where(condition) : Criteria.And(condition) };

    public RecordQuery Where(IEnumerable<Condition> conditions) => conditions.Aggregate(this, (query, condition) => query.Where(condition));

    public RecordQuery WhereEquals(string field, long value) => Where(Condition.Compare(field, ConditionOperator.Equal, ConditionLiteral.Of(value)));

    public RecordQuery WhereEquals(string field, string value) => Where(Condition.Compare(field, ConditionOperator.Equal, ConditionLiteral.Of(value)));

    /// <summary>
    /// ANDs whole criteria (an agent's condition) onto the query. Ontraport's criteria lists have no parentheses, so
    /// criteria holding OR can only stand alone.
    /// </summary>
    public RecordQuery Where(Criteria? criteria)
    {
        if (criteria is null)
        {
            return this;
        }

        if (Criteria is null)
        {
            return this with { Criteria = criteria };
        }

        return Criteria.ContainsOr || criteria.ContainsOr
            ? throw new ArgumentException("Criteria holding OR cannot be joined with other conditions: Ontraport's criteria lists have no parentheses.", nameof(criteria))
            : this with { Criteria = Criteria.AndAll(criteria) };
    }

    /// <summary>Records whose text field contains <paramref name="text"/> (a LIKE), ANDed.</summary>
    public RecordQuery WhereContains(string field, string? text) =>
        string.IsNullOrWhiteSpace(text) ? this : Where(Condition.Compare(field, ConditionOperator.Like, ConditionLiteral.Of($"%{text.Trim()}%")));

    /// <summary>
    /// Records where any of <paramref name="fields"/> contains <paramref name="text"/> (LIKEs joined with OR). Stands
    /// alone: OR cannot be joined with other conditions (see <see cref="Where(Conditions.Criteria?)"/>).
    /// </summary>
    public RecordQuery WhereAnyContains(IEnumerable<string> fields, string text)
    {
        Criteria? any = null;
        foreach (var field in fields)
        {
            var like = Condition.Compare(field, ConditionOperator.Like, ConditionLiteral.Of($"%{text}%"));
            any = any is null ? Conditions.Criteria.Where(like) : any.Or(like);
        }

        return Where(any);
    }

    public RecordQuery WithIds(IReadOnlyList<long>? ids) => this with { Ids = ids is { Count: > 0 } ? ids : null };

    public RecordQuery Searching(string? text) => this with { Search = string.IsNullOrWhiteSpace(text) ? null : text };

    public RecordQuery InGroup(long? groupId) => this with { GroupId = groupId };

    /// <summary>Only these fields (plus id): Ontraport's <c>listFields</c>. Null returns every field.</summary>
    public RecordQuery Select(IReadOnlyList<string>? fields) => this with { Fields = fields is { Count: > 0 } ? fields : null };

    public RecordQuery OrderBy(string? field, SortDirection direction = SortDirection.Ascending) => this with { Sort = field, SortDirection = direction };

    public RecordQuery Page(int start, int range) => this with { Start = start, Range = Math.Clamp(range, 1, ListOptions.MaxRange) };

    public RecordSelection Selection => new() { Ids = Ids, Condition = Criteria, Search = Search, GroupId = GroupId };

    public ListOptions Options => new()
    {
        Selection = Selection,
        Start = Start,
        Range = Range,
        Sort = Sort,
        SortDirection = Sort is null ? null : SortDirection,
        Fields = Fields,
    };

    /// <summary>One page and the number of all matches, in one request where Ontraport honours <c>count</c>.</summary>
    public Task<(IReadOnlyList<OntraportRecord> Records, long Total)> PageAsync(OntraportClient client, CancellationToken cancellationToken) =>
        client.Objects.ListPageAsync(ObjectTypeId, Options, cancellationToken);

    /// <summary><see cref="PageAsync"/> as elements of the parsed answer (dispose it when done with them).</summary>
    public Task<RecordElements> PageElementsAsync(OntraportClient client, CancellationToken cancellationToken) =>
        client.Objects.ListPageElementsAsync(ObjectTypeId, Options, cancellationToken);

    /// <summary>One page, without the count.</summary>
    public Task<IReadOnlyList<OntraportRecord>> ListAsync(OntraportClient client, CancellationToken cancellationToken) =>
        client.Objects.ListAsync(ObjectTypeId, Options, cancellationToken);

    /// <summary>How many records match, and the sums Ontraport computes (<c>objects/getInfo</c>).</summary>
    public Task<CollectionInfo> InfoAsync(OntraportClient client, CancellationToken cancellationToken) =>
        client.Objects.GetInfoAsync(ObjectTypeId, Selection, cancellationToken);
}
