using Ontraport.Client.Conditions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Manage;

/// <summary>
/// Due dates of tasks: an ISO date-time is that instant; an ISO date (or today / tomorrow) is that day in the account's
/// time zone at a given time of day (now when assigning, the task's current due time when rescheduling). A due date in
/// the past is refused. "Next Friday" is the agent's job: it passes the ISO date.
/// </summary>
internal static class TaskDueDates
{
    /// <summary>The widest UTC offset: a day read in UTC is certainly past once this long after its end.</summary>
    private static readonly TimeSpan WidestOffset = TimeSpan.FromHours(14);

    /// <summary>A due date this close before now still counts as now (seconds are cut when sent).</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(1);

    /// <summary>Checks the text without any request: it must be a date, and not one that is past in every time zone.</summary>
    public static void Precheck(string? text, string argument, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ToolInputException($"{argument} is required: an ISO date (2026-11-27) or date-time (2026-11-27T15:00:00Z).");
        }

        var now = time.GetUtcNow();
        var parsed = DateExpression.TryParse(text, now, TimeZoneInfo.Utc) ?? throw new ToolInputException(
            $"{argument}: '{text}' is not a date. Use ISO 8601 (2026-11-27 or 2026-11-27T15:00:00Z), today or tomorrow; work out 'next Friday' to its date first.");
        if (parsed.End is { } end && end - parsed.Start > TimeSpan.FromDays(1))
        {
            throw new ToolInputException($"{argument}: '{text}' is a period ({parsed.Description}); give one day, e.g. {parsed.Start:yyyy-MM-dd}.");
        }

        if ((parsed.End ?? parsed.Start) + WidestOffset < now - Tolerance)
        {
            throw Past(argument, text, parsed.Start, now);
        }
    }

    /// <summary>The due time, read in the account's time zone; refused when it is in the past.</summary>
    public static async Task<DateTimeOffset> ReadAsync(ToolSession session, string text, string argument, DateTimeOffset timeOfDayFrom, CancellationToken cancellationToken)
    {
        Precheck(text, argument, session.Time);
        var zone = await session.TimeZoneAsync(cancellationToken);
        var now = session.Time.GetUtcNow();
        var parsed = DateExpression.TryParse(text, now, zone)!;
        var due = parsed.IsRange
            ? At(TimeZoneInfo.ConvertTime(parsed.Start, zone).Date + TimeZoneInfo.ConvertTime(timeOfDayFrom, zone).TimeOfDay, zone)
            : parsed.Start;
        if (due < now - Tolerance)
        {
            throw Past(argument, text, due, now, parsed.IsRange ? " Give a time as well, e.g. " + TimeZoneInfo.ConvertTime(now, zone).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " or later." : "");
        }

        return due;
    }

    private static ToolInputException Past(string argument, string text, DateTimeOffset when, DateTimeOffset now, string hint = "") =>
        new($"{argument}: '{text}' ({RecordShaper.IsoDate(when)}) is in the past; it is now {RecordShaper.IsoDate(now)}. Give a future date.{hint}");

    private static DateTimeOffset At(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(30); // a local time skipped by a DST change
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
