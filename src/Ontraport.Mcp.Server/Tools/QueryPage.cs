using Ontraport.Client.Objects;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>The paging arguments of a list tool (<c>start</c>, <c>limit</c>), checked before any request is made.</summary>
public sealed record QueryPage(int Start, int Size, string? Note)
{
    public const int DefaultSize = 20;

    public static QueryPage From(int? start, int? limit, int defaultSize = DefaultSize)
    {
        if (start is < 0)
        {
            throw new ToolInputException("start must be 0 or more (use next_start from the previous page).");
        }

        if (limit is < 1)
        {
            throw new ToolInputException("limit must be between 1 and 50.");
        }

        var size = Math.Min(limit ?? defaultSize, ListOptions.MaxRange);
        var note = limit > ListOptions.MaxRange
            ? $"limit {limit} is over Ontraport's page maximum; returned at most {ListOptions.MaxRange}. Page on with next_start."
            : null;
        return new QueryPage(start ?? 0, size, note);
    }

    /// <summary>The query, on this page.</summary>
    public RecordQuery Of(RecordQuery query) => query.Page(Start, Size);

    public ListOptions Options(RecordSelection selection, string? sort = null, SortDirection direction = SortDirection.Ascending, IReadOnlyList<string>? fields = null) => new()
    {
        Selection = selection,
        Start = Start,
        Range = Size,
        Sort = sort,
        SortDirection = sort is null ? null : direction,
        Fields = fields,
    };
}
