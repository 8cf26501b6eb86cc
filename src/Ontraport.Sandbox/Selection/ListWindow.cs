using Ontraport.Sandbox.Criteria;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Selection;

/// <summary>
/// Sorting and paging of a collection read: <c>sort</c>, <c>sortDir</c>, <c>start</c> and <c>range</c>
/// (default and maximum <see cref="SandboxOptions.MaxRange"/>; larger values are clamped).
/// </summary>
internal sealed class ListWindow
{
    private readonly bool _numericSort;

    private ListWindow(string? sortColumn, bool numericSort, bool descending, int start, int range)
    {
        SortColumn = sortColumn;
        _numericSort = numericSort;
        Descending = descending;
        Start = start;
        Range = range;
    }

    public string? SortColumn { get; }

    public bool Descending { get; }

    public int Start { get; }

    public int Range { get; }

    public static ListWindow From(ApiParameters parameters, ObjectTypeSchema type, int maxRange)
    {
        var sort = parameters.NonBlank("sort");
        var column = sort is null ? null : type.Column(sort) ?? throw ApiError.InvalidQuery();
        var descending = parameters.NonBlank("sortDir")?.Equals("desc", StringComparison.OrdinalIgnoreCase) == true;
        var start = parameters.Long("start") ?? 0;
        var range = parameters.Long("range") ?? maxRange;
        return new ListWindow(
            column,
            column is not null && type.IsNumericColumn(column),
            descending,
            (int)Math.Clamp(start, 0, int.MaxValue),
            range <= 0 ? maxRange : (int)Math.Min(range, maxRange));
    }

    public IEnumerable<Record> Apply(IEnumerable<Record> rows) => Sort(rows).Skip(Start).Take(Range);

    public IEnumerable<Record> Sort(IEnumerable<Record> rows)
    {
        if (SortColumn is null)
        {
            return rows;
        }

        var comparer = Comparer<Record>.Create((a, b) =>
        {
            var order = _numericSort ? CompareNumbers(a[SortColumn], b[SortColumn]) : CompareText(a[SortColumn], b[SortColumn]);
            return order != 0 ? order : a.Id.CompareTo(b.Id);
        });
        var sorted = rows.Order(comparer);
        return Descending ? sorted.Reverse() : sorted;
    }

    /// <summary>SQL order on a numeric column: nulls (and non-numbers) first.</summary>
    private static int CompareNumbers(string? a, string? b)
    {
        decimal? x = a is not null && CriteriaExpression.TryNumber(a, out var l) ? l : null;
        decimal? y = b is not null && CriteriaExpression.TryNumber(b, out var r) ? r : null;
        return Nullable.Compare(x, y);
    }

    /// <summary>SQL order on a text column: nulls first, then case-insensitive.</summary>
    private static int CompareText(string? a, string? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        _ => string.Compare(a, b, StringComparison.OrdinalIgnoreCase),
    };
}
