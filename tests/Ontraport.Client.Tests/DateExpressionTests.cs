using Ontraport.Client.Conditions;

namespace Ontraport.Client.Tests;

/// <summary>Date-times with and without an offset: only an explicit offset makes an instant; otherwise the account's zone applies.</summary>
public class DateExpressionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Theory]
    [InlineData("2026-11-25T09:30", 17, 30)]
    [InlineData("2026-11-25T09:30:00", 17, 30)]
    [InlineData("2026-11-25 09:30", 17, 30)]
    [InlineData("2026-11-25T09:30:00Z", 9, 30)]
    [InlineData("2026-11-25T09:30Z", 9, 30)]
    [InlineData("2026-11-25T09:30:00-05:00", 14, 30)]
    [InlineData("2026-11-25T09:30:00.250+01:00", 8, 30)]
    public void A_date_time_is_read_in_the_account_zone_unless_it_carries_an_offset(string text, int utcHour, int utcMinute)
    {
        var parsed = DateExpression.TryParse(text, Now, LosAngeles);

        Assert.NotNull(parsed);
        Assert.False(parsed.IsRange);
        Assert.Equal((utcHour, utcMinute), (parsed.Start.UtcDateTime.Hour, parsed.Start.UtcDateTime.Minute));
        Assert.Equal(25, parsed.Start.UtcDateTime.Day);
    }
}
