using Ontraport.Client.Conditions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>A time window a tool was asked about, echoed back in absolute dates.</summary>
public sealed record TimeWindow(DateTimeOffset Start, DateTimeOffset End)
{
    public long StartSeconds => Start.ToUnixTimeSeconds();

    public long EndSeconds => End.ToUnixTimeSeconds();

    public System.Text.Json.Nodes.JsonObject Echo() => new()
    {
        ["since"] = RecordShaper.IsoDate(Start),
        ["until"] = RecordShaper.IsoDate(End),
    };
}

/// <summary>
/// Dates in tool arguments: ISO 8601 dates or date-times, or the relative phrases of <see cref="DateExpression"/>
/// ("today", "this month", "last 30 days", "180 days ago"), read in the account's time zone.
/// </summary>
public static class ToolDates
{
    public static async Task<DateExpression> ParseAsync(ToolSession session, string text, string argument, CancellationToken cancellationToken) =>
        DateExpression.TryParse(text, session.Time.GetUtcNow(), await session.TimeZoneAsync(cancellationToken))
        ?? throw new ToolInputException(
            $"{argument}: '{text}' is not a date. Use ISO 8601 (2026-04-30, 2026-04-30T15:00:00Z) or today, yesterday, this week, this month, last month, last 30 days, 180 days ago.");

    /// <summary>
    /// The window [since, until). A phrase that is itself a range ("this month") sets both ends when until is absent.
    /// Without since the window is the <paramref name="defaultDays"/> days up to now.
    /// </summary>
    public static async Task<TimeWindow> WindowAsync(ToolSession session, string? since, string? until, int defaultDays, CancellationToken cancellationToken)
    {
        var now = session.Time.GetUtcNow();
        var start = now.AddDays(-defaultDays);
        var end = now;
        if (!string.IsNullOrWhiteSpace(since))
        {
            var from = await ParseAsync(session, since, "since", cancellationToken);
            start = from.Start;
            if (string.IsNullOrWhiteSpace(until) && from.End is { } rangeEnd)
            {
                end = rangeEnd;
            }
        }

        if (!string.IsNullOrWhiteSpace(until))
        {
            var to = await ParseAsync(session, until, "until", cancellationToken);
            end = to.End ?? to.Start;
        }

        return end <= start
            ? throw new ToolInputException($"The window is empty: since ({RecordShaper.IsoDate(start)}) is not before until ({RecordShaper.IsoDate(end)}).")
            : new TimeWindow(start, end);
    }
}
