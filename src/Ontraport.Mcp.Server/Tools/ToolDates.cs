using Ontraport.Client.Conditions;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// Dates in tool arguments: ISO 8601 dates or date-times, or the relative phrases of <see cref="DateExpression"/>
/// ("today", "this month", "last 30 days", "180 days ago"), read in the account's time zone.
/// </summary>
public static class ToolDates
{
    public const string Formats = "Use ISO 8601 (2026-04-30, 2026-04-30T15:00:00Z) or today, yesterday, this week, this month, last month, last 30 days, 180 days ago.";

    public static async Task<DateExpression> ParseAsync(ToolSession session, string text, string argument, CancellationToken cancellationToken) =>
        DateExpression.TryParse(text, session.Time.GetUtcNow(), await session.TimeZoneAsync(cancellationToken))
        ?? throw new ToolInputException($"{argument}: '{text}' is not a date. {Formats}");
}
