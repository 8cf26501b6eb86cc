using Ontraport.Client.Conditions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// An optional time window from <c>since</c>/<c>until</c> ([Start, End), either end open), read in the account's time
/// zone and echoed back as absolute dates. A <c>since</c> period ("this month", "last week", "last 30 days") sets both ends
/// when <c>until</c> is absent, while a single day ("2026-11-01", "yesterday") means from that day on; an <c>until</c> day
/// includes that whole day. Every tool with <c>since</c>/<c>until</c> reads them here, so the words mean the same in each.
/// </summary>
public sealed record DateRange(DateTimeOffset? Start, DateTimeOffset? End)
{
    /// <summary>The window as a typed answer part: <c>{since, until}</c>, an open end left out.</summary>
    public DateWindow Window() => new(Start is { } start ? RecordShaper.IsoDate(start) : null, End is { } end ? RecordShaper.IsoDate(end) : null);

    /// <summary><c>field &gt;= since</c> and <c>field &lt; until</c> as Unix seconds.</summary>
    public IEnumerable<Condition> Conditions(string field)
    {
        if (Start is { } start)
        {
            yield return Condition.Compare(field, ConditionOperator.GreaterOrEqual, ConditionLiteral.Of(start.ToUnixTimeSeconds()));
        }

        if (End is { } end)
        {
            yield return Condition.Compare(field, ConditionOperator.LessThan, ConditionLiteral.Of(end.ToUnixTimeSeconds()));
        }
    }

    /// <summary>
    /// Checks the phrases first (in UTC, so a typo costs no request), then reads them in the account's time zone. Null
    /// when neither is given.
    /// </summary>
    public static async Task<DateRange?> ReadAsync(ToolSession session, string? since, string? until, CancellationToken cancellationToken)
    {
        var hasSince = !string.IsNullOrWhiteSpace(since);
        var hasUntil = !string.IsNullOrWhiteSpace(until);
        if (!hasSince && !hasUntil)
        {
            return null;
        }

        Check(session, since, "since");
        Check(session, until, "until");
        DateTimeOffset? start = null;
        DateTimeOffset? end = null;
        if (hasSince)
        {
            var from = await ToolDates.ParseAsync(session, since!, "since", cancellationToken);
            start = from.Start;

            // A period ("this month", "last week") bounds both ends; a single day ("2026-11-01", "yesterday") means from then on.
            end = !hasUntil && from.End is { } periodEnd && periodEnd - from.Start > TimeSpan.FromHours(25) ? periodEnd : null;
        }

        if (hasUntil)
        {
            var to = await ToolDates.ParseAsync(session, until!, "until", cancellationToken);
            end = to.End ?? to.Start;
        }

        return start is { } s && end is { } e && e <= s
            ? throw new ToolInputException($"The window is empty: since ({RecordShaper.IsoDate(s)}) is not before until ({RecordShaper.IsoDate(e)}).")
            : new DateRange(start, end);
    }

    private static void Check(ToolSession session, string? text, string argument)
    {
        if (!string.IsNullOrWhiteSpace(text) && DateExpression.TryParse(text, session.Time.GetUtcNow(), TimeZoneInfo.Utc) is null)
        {
            throw new ToolInputException($"{argument}: '{text}' is not a date. {ToolDates.Formats}");
        }
    }
}

/// <summary>A time window as answers echo it: absolute dates, an open end left out.</summary>
public sealed record DateWindow(string? Since, string? Until);
