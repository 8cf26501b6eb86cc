using System.Text.Json;
using Ontraport.Client.Conditions;
using Ontraport.Client.Metadata;
using Ontraport.Testing;

namespace Ontraport.Client.Tests;

/// <summary>
/// One reading of a typed value for the condition parser and the write path. Where the two copies disagreed: a money
/// write of "$1.5k" or "500 USD" was refused while the same text was a fine condition, and a money write of 19.999 was
/// silently rounded to 20.00 while the condition compared 19.999. Money is kept to the cent (ontraport-api.md §1.4
/// <c>"total":"1.00"</c>): more decimals are refused in both, never rounded.
/// </summary>
public class FieldValueConverterTests
{
    private static readonly FieldMetadata Spent = ContactFields.Metadata.FindField("spent")!;
    private static readonly FieldMetadata Count = new() { Name = "f1700", Alias = "Visits", Type = "numeric" };

    [Theory]
    [InlineData("$1.5k", "1500.00")]
    [InlineData("500 USD", "500.00")]
    [InlineData("$1,000.50", "1000.50")]
    [InlineData("19.99", "19.99")]
    public void Money_reads_as_people_write_it_and_is_stored_to_the_cent(string typed, string stored)
    {
        Assert.Equal(FieldValueProblem.None, FieldValueConverter.ReadNumber(Spent, typed, out var value));
        Assert.Equal(stored, FieldValueConverter.Stored(Spent, value));
    }

    [Fact]
    public void Money_with_more_than_two_decimals_is_refused_not_rounded()
    {
        Assert.Equal(FieldValueProblem.TooManyDecimals, FieldValueConverter.ReadNumber(Spent, "19.999", out _));
        Assert.Equal(FieldValueProblem.None, FieldValueConverter.ReadNumber(Count, "19.999", out var plain));
        Assert.Equal("19.999", FieldValueConverter.Stored(Count, plain));
    }

    [Fact]
    public void The_condition_parser_reads_money_by_the_same_rule()
    {
        var parser = new ConditionParser(new FakeClock(new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero)), TimeZoneInfo.Utc);

        var criteria = JsonDocument.Parse(parser.Parse("spent > $1.5k", ContactFields.Metadata, "Contacts").Criteria.ToJsonString());
        Assert.Equal(1500m, criteria.RootElement[0].GetProperty("value").GetProperty("value").GetDecimal());

        var refused = Assert.Throws<CriteriaFormatException>(() => parser.Parse("spent > 19.999", ContactFields.Metadata, "Contacts"));
        Assert.Contains("more than two decimals", refused.Message, StringComparison.Ordinal);
    }
}
