using System.Globalization;
using System.Text.RegularExpressions;

namespace Ontraport.Client.Conditions;

/// <summary>
/// A date an agent wrote: an ISO date (a whole day in the account's time zone), an ISO date-time (an instant), or a
/// relative phrase ("last 30 days", "180 days ago", "this month", "today"). Ranges are half-open: [Start, End).
/// </summary>
public sealed partial record DateExpression(DateTimeOffset Start, DateTimeOffset? End, string Description)
{
    public bool IsRange => End is not null;

    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12,
        ["eighteen"] = 18, ["twenty"] = 20, ["thirty"] = 30, ["ninety"] = 90,
    };

    /// <summary>Reads <paramref name="text"/>; null when it is not a date this parser understands.</summary>
    public static DateExpression? TryParse(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        var trimmed = WhiteSpace().Replace(text.Trim(), " ");
        var phrase = trimmed.ToLowerInvariant();
        var localNow = TimeZoneInfo.ConvertTime(now, zone);
        var today = localNow.Date;

        // K also matches a missing offset (then the machine's zone would apply): only text that ends in one is an instant.
        if (ExplicitOffset().IsMatch(trimmed) &&
            DateTimeOffset.TryParseExact(trimmed.ToUpperInvariant(), ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return new DateExpression(instant, null, instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        if (DateTime.TryParseExact(trimmed.ToUpperInvariant(), ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var localInstant))
        {
            var at = Local(localInstant, zone);
            return new DateExpression(at, null, $"{localInstant:yyyy-MM-dd HH:mm} {zone.Id}");
        }

        if (DateTime.TryParseExact(phrase, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return Day(day, zone, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        switch (phrase)
        {
            case "today":
                return Day(today, zone, $"today ({today:yyyy-MM-dd})");
            case "yesterday":
                return Day(today.AddDays(-1), zone, $"yesterday ({today.AddDays(-1):yyyy-MM-dd})");
            case "tomorrow":
                return Day(today.AddDays(1), zone, $"tomorrow ({today.AddDays(1):yyyy-MM-dd})");
            case "now":
                return new DateExpression(now, null, "now");
        }

        var calendar = CalendarPeriod().Match(phrase);
        if (calendar.Success)
        {
            var offset = calendar.Groups["which"].Value switch
            {
                "this" or "current" => 0,
                "last" or "previous" => -1,
                _ => 1,
            };
            var (start, end) = calendar.Groups["unit"].Value switch
            {
                "week" => WeekOf(today.AddDays(7 * offset)),
                "month" => (new DateTime(today.Year, today.Month, 1).AddMonths(offset), new DateTime(today.Year, today.Month, 1).AddMonths(offset + 1)),
                _ => (new DateTime(today.Year + offset, 1, 1), new DateTime(today.Year + offset + 1, 1, 1)),
            };
            return Range(start, end, zone, $"{phrase} ({start:yyyy-MM-dd} to {end.AddDays(-1):yyyy-MM-dd})");
        }

        var lastN = LastN().Match(phrase);
        if (lastN.Success && Count(lastN.Groups["n"].Value) is { } n)
        {
            var start = Subtract(today, n, lastN.Groups["unit"].Value);
            return new DateExpression(Local(start, zone), now, $"{phrase} (since {start:yyyy-MM-dd})");
        }

        var nAgo = Ago().Match(phrase);
        if (nAgo.Success && Count(nAgo.Groups["n"].Value) is { } m)
        {
            var at = nAgo.Groups["unit"].Value.StartsWith("day", StringComparison.Ordinal) || nAgo.Groups["unit"].Value.StartsWith("week", StringComparison.Ordinal)
                ? now.AddDays(-m * (nAgo.Groups["unit"].Value.StartsWith("week", StringComparison.Ordinal) ? 7 : 1))
                : nAgo.Groups["unit"].Value.StartsWith("month", StringComparison.Ordinal) ? now.AddMonths(-m) : now.AddYears(-m);
            return new DateExpression(at, null, $"{phrase} ({at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'})");
        }

        return null;
    }

    public static long ToUnixSeconds(DateTimeOffset value) => value.ToUnixTimeSeconds();

    private static int? Count(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : NumberWords.TryGetValue(text, out var w) ? w : null;

    private static DateTime Subtract(DateTime day, int n, string unit) => unit switch
    {
        var u when u.StartsWith("day", StringComparison.Ordinal) => day.AddDays(-n),
        var u when u.StartsWith("week", StringComparison.Ordinal) => day.AddDays(-7 * n),
        var u when u.StartsWith("month", StringComparison.Ordinal) => day.AddMonths(-n),
        _ => day.AddYears(-n),
    };

    private static (DateTime Start, DateTime End) WeekOf(DateTime day)
    {
        // Weeks start on Monday (ISO 8601).
        var start = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return (start, start.AddDays(7));
    }

    private static DateExpression Day(DateTime day, TimeZoneInfo zone, string description) =>
        Range(day, day.AddDays(1), zone, description);

    private static DateExpression Range(DateTime start, DateTime end, TimeZoneInfo zone, string description) =>
        new(Local(start, zone), Local(end, zone), description);

    private static DateTimeOffset Local(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A local time skipped by a DST change does not exist; move past the gap.
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(30);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"T.*(?:[zZ]|[+-]\d\d:?\d\d)$")]
    private static partial Regex ExplicitOffset();

    [GeneratedRegex(@"^(?<which>this|current|last|previous|next) (?<unit>week|month|year)$")]
    private static partial Regex CalendarPeriod();

    [GeneratedRegex(@"^(?:the )?(?:last|past|previous) (?<n>\d+|[a-z]+) (?<unit>days?|weeks?|months?|years?)$")]
    private static partial Regex LastN();

    [GeneratedRegex(@"^(?<n>\d+|[a-z]+) (?<unit>days?|weeks?|months?|years?) ago$")]
    private static partial Regex Ago();
}
