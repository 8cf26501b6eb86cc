using Ontraport.Client.Conditions;
using Ontraport.Testing;

namespace Ontraport.Client.Tests;

/// <summary>Readable conditions → criteria JSON. "Now" is 2026-11-22T15:00:00Z; the zone is UTC unless a test says otherwise.</summary>
public class ConditionParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);

    private static readonly FakeClock Clock = new(Now);

    private static string Json(string condition, TimeZoneInfo? zone = null) =>
        new ConditionParser(Clock, zone ?? TimeZoneInfo.Utc).Parse(condition, ContactFields.Metadata, "Contacts").Criteria.ToJsonString();

    private static string C(string field, string op, string value) => $$$"""{"field":{"field":"{{{field}}}"},"op":"{{{op}}}","value":{"value":{{{value}}}}}""";

    private static long Unix(int y, int m, int d) => new DateTimeOffset(y, m, d, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    public static TheoryData<string, string> Cases => new()
    {
        { "spent > 1000", $"[{C("spent", ">", "1000")}]" },
        { "Lifetime Value > $1,000", $"[{C("spent", ">", "1000")}]" },
        { "lifetime value >= 1,000,000.50", $"[{C("spent", ">=", "1000000.50")}]" },
        { "state = \"CA\"", $"[{C("state", "=", "\"CA\"")}]" },
        { "state = CA", $"[{C("state", "=", "\"CA\"")}]" },
        { "city = New York", $"[{C("city", "=", "\"New York\"")}]" },
        { "state != 'CA'", $"[{C("state", "<>", "\"CA\"")}]" },
        { "state <> CA", $"[{C("state", "<>", "\"CA\"")}]" },
        { "spent < 50 AND state = CA", $"[{C("spent", "<", "50")},\"AND\",{C("state", "=", "\"CA\"")}]" },
        { "state = CA or state = NY", $"[{C("state", "=", "\"CA\"")},\"OR\",{C("state", "=", "\"NY\"")}]" },
        { "state IN (CA, NY, 'TX')", """[{"field":{"field":"state"},"op":"IN","value":{"list":[{"value":"CA"},{"value":"NY"},{"value":"TX"}]}}]""" },
        { "id not in (1, 2)", """[{"field":{"field":"id"},"op":"NOT IN","value":{"list":[{"value":1},{"value":2}]}}]""" },
        { "email IS NULL", """[{"field":{"field":"email"},"op":"IS","value":"NULL"}]""" },
        { "email = null", """[{"field":{"field":"email"},"op":"IS","value":"NULL"}]""" },
        { "email LIKE '%@acme.com'", $"[{C("email", "LIKE", "\"%@acme.com\"")}]" },
        { "email contains acme", $"[{C("email", "LIKE", "\"%acme%\"")}]" },
        { "lastname starts with Sm", $"[{C("lastname", "LIKE", "\"Sm%\"")}]" },
        { "email ends with \"@gmail.com\"", $"[{C("email", "LIKE", "\"%@gmail.com\"")}]" },
        { "\"First Name\" = Jane", $"[{C("firstname", "=", "\"Jane\"")}]" },
        { "[Last Name] = 'O''Brien'", $"[{C("lastname", "=", "\"O'Brien\"")}]" },
        { "Bulk Email Status = \"double opt-in\"", $"[{C("bulk_mail", "=", "\"2\"")}]" },
        { "bulk_mail = -2", $"[{C("bulk_mail", "=", "\"-2\"")}]" },
        { "VIP = yes", $"[{C("f1557", "=", "1")}]" },
        { "lead score >= 40", $"[{C("f1600", ">=", "40")}]" },
        { "owner = 2", $"[{C("owner", "=", "2")}]" },
        { "date_added = 2026-11-01", $"[{C("date", ">=", Unix(2026, 11, 1).ToString())},\"AND\",{C("date", "<", Unix(2026, 11, 2).ToString())}]" },
        { "Date Added > 2026-11-01", $"[{C("date", ">=", Unix(2026, 11, 2).ToString())}]" },
        { "date < 2026-11-01", $"[{C("date", "<", Unix(2026, 11, 1).ToString())}]" },
        { "date before 2026-01-01", $"[{C("date", "<", Unix(2026, 1, 1).ToString())}]" },
        { "date after 2026-11-20", $"[{C("date", ">=", Unix(2026, 11, 21).ToString())}]" },
        { "date <= 2026-11-01", $"[{C("date", "<", Unix(2026, 11, 2).ToString())}]" },
        { "date >= 2026-11-01", $"[{C("date", ">=", Unix(2026, 11, 1).ToString())}]" },
        { "date within last 30 days", $"[{C("date", ">=", Unix(2026, 10, 23).ToString())},\"AND\",{C("date", "<", new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString())}]" },
        { "date = this month", $"[{C("date", ">=", Unix(2026, 11, 1).ToString())},\"AND\",{C("date", "<", Unix(2026, 12, 1).ToString())}]" },
        { "date during last month", $"[{C("date", ">=", Unix(2026, 10, 1).ToString())},\"AND\",{C("date", "<", Unix(2026, 11, 1).ToString())}]" },
        { "date = today", $"[{C("date", ">=", Unix(2026, 11, 22).ToString())},\"AND\",{C("date", "<", Unix(2026, 11, 23).ToString())}]" },
        { "date = this week", $"[{C("date", ">=", Unix(2026, 11, 16).ToString())},\"AND\",{C("date", "<", Unix(2026, 11, 23).ToString())}]" },
        { "dla < 180 days ago", $"[{C("dla", "<", new DateTimeOffset(2026, 5, 26, 15, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString())}]" },
        { "dla < six months ago", $"[{C("dla", "<", new DateTimeOffset(2026, 5, 22, 15, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString())}]" },
        { "date >= 2026-11-01T09:30:00Z", $"[{C("date", ">=", new DateTimeOffset(2026, 11, 1, 9, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString())}]" },
        { "date > 1761955200", $"[{C("date", ">", "1761955200")}]" },
        { "spent between 100 and 500", $"[{C("spent", ">=", "100")},\"AND\",{C("spent", "<=", "500")}]" },
        { "(state = CA AND spent > 100) OR state = NY", $"[{C("state", "=", "\"CA\"")},\"AND\",{C("spent", ">", "100")},\"OR\",{C("state", "=", "\"NY\"")}]" },
        { "state = NY OR (state = CA AND spent > 100)", $"[{C("state", "=", "\"NY\"")},\"OR\",{C("state", "=", "\"CA\"")},\"AND\",{C("spent", ">", "100")}]" },
        { "((state = CA))", $"[{C("state", "=", "\"CA\"")}]" },
        { "state = CA AND (spent > 1 AND spent < 9)", $"[{C("state", "=", "\"CA\"")},\"AND\",{C("spent", ">", "1")},\"AND\",{C("spent", "<", "9")}]" },

        // Operators written as words, and money as people write it.
        { "lifetime value is over $1000", $"[{C("spent", ">", "1000")}]" },
        { "Lifetime Value over 1000 USD", $"[{C("spent", ">", "1000")}]" },
        { "spent is more than 1.5k", $"[{C("spent", ">", "1500")}]" },
        { "spent at least 250 dollars", $"[{C("spent", ">=", "250")}]" },
        { "spent is at most 99.99", $"[{C("spent", "<=", "99.99")}]" },
        { "spent greater than or equal to 100", $"[{C("spent", ">=", "100")}]" },
        { "spent less than 50 or state = NY", $"[{C("spent", "<", "50")},\"OR\",{C("state", "=", "\"NY\"")}]" },
        { "spent under $2m", $"[{C("spent", "<", "2000000")}]" },
        { "spent no more than 500", $"[{C("spent", "<=", "500")}]" },
        { "lead score is below 20", $"[{C("f1600", "<", "20")}]" },
        { "Hours Over Budget > 5", $"[{C("f1700", ">", "5")}]" },
        { "state is not CA", $"[{C("state", "<>", "\"CA\"")}]" },
        { "state not equal to CA", $"[{C("state", "<>", "\"CA\"")}]" },
        { "state is not in (CA, NY)", """[{"field":{"field":"state"},"op":"NOT IN","value":{"list":[{"value":"CA"},{"value":"NY"}]}}]""" },
        { "state is in (CA)", """[{"field":{"field":"state"},"op":"IN","value":{"list":[{"value":"CA"}]}}]""" },
        { "owner in (1, 2)", """[{"field":{"field":"owner"},"op":"IN","value":{"list":[{"value":1},{"value":2}]}}]""" },
        { "email is empty", """[{"field":{"field":"email"},"op":"IS","value":"NULL"}]""" },
        { "email is blank", """[{"field":{"field":"email"},"op":"IS","value":"NULL"}]""" },
        { "VIP is checked", $"[{C("f1557", "=", "1")}]" },
        { "Bulk Email Status is opted-in", $"[{C("bulk_mail", "=", "\"1\"")}]" },
        { "id = 42", $"[{C("id", "=", "42")}]" },
        { "city = \"Salt Lake City\" AND spent >= 1,000", $"[{C("city", "=", "\"Salt Lake City\"")},\"AND\",{C("spent", ">=", "1000")}]" },
        { "spent > 1000 AND state = CA OR spent > 5000", $"[{C("spent", ">", "1000")},\"AND\",{C("state", "=", "\"CA\"")},\"OR\",{C("spent", ">", "5000")}]" },

        // Dates: phrases, "in the last …", and words before dates.
        { "Date Added in the last 30 days", $"[{C("date", ">=", Unix(2026, 10, 23).ToString())},\"AND\",{C("date", "<", Now.ToUnixTimeSeconds().ToString())}]" },
        { "date is before 2026-01-01", $"[{C("date", "<", Unix(2026, 1, 1).ToString())}]" },
        { "Date of Last Activity before six months ago", $"[{C("dla", "<", Now.AddMonths(-6).ToUnixTimeSeconds().ToString())}]" },
        { "dla before 180 days ago", $"[{C("dla", "<", Now.AddDays(-180).ToUnixTimeSeconds().ToString())}]" },
        { "date added between 2026-11-01 and 2026-11-15", $"[{C("date", ">=", Unix(2026, 11, 1).ToString())},\"AND\",{C("date", "<", Unix(2026, 11, 16).ToString())}]" },
        { "date since last month", $"[{C("date", ">=", Unix(2026, 10, 1).ToString())}]" },
        { "birthday = yesterday", $"[{C("birthday", ">=", Unix(2026, 11, 21).ToString())},\"AND\",{C("birthday", "<", Unix(2026, 11, 22).ToString())}]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parses(string condition, string expected) => Assert.Equal(expected, Json(condition));

    public static TheoryData<string, string> Errors => new()
    {
        { "lifetime_valu > 1000", "did you mean 'spent' (Lifetime Value)" },
        { "lifetime_value > 1000 AND nosuchfield = 1", "field 'nosuchfield' is not on Contacts" },
        { "spnt > 1000", "'spent'" },
        { "state = CA AND (spent > 1 OR spent < 0)", "OR inside an AND" },
        { "(state = CA OR state = NY) AND spent > 100", "A AND C OR B AND C" },
        { "email IS NOT NULL", "no IS NOT NULL" },
        { "email != null", "no IS NOT NULL" },
        { "email NOT LIKE '%x%'", "no NOT LIKE" },
        { "spent > lots", "not a number" },
        { "date > someday", "is not a date" },
        { "bulk_mail = subscribed", "not an option" },
        { "VIP = maybe", "checkbox" },
        { "state = 'CA", "never closed" },
        { "state = CA AND", "Expected a field name" },
        { "state CA", "is not an operator" },
        { "state = CA state = NY", "join conditions with AND or OR" },
        { "(state = CA", "Missing ')'" },
        { "state IN CA", "parenthesized list" },
        { "spent before 2026-01-01", "works on date fields" },
        { "", "empty" },
        { "state ~ CA", "not an operator" },
        { "lifetime vale > 1000", "did you mean 'spent' (Lifetime Value)" },
        { "lifetime vale is over 1000", "field 'lifetime vale' is not on Contacts" },
        { "emial = jane@example.com", "did you mean 'email'" },
        { "NOT state = CA", "no negation of a condition" },
        { "email does not contain acme", "no NOT LIKE" },
        { "email is not null", "no IS NOT NULL" },
        { "state does not CA", "must be followed by IN" },
        { "spent is over lots", "not a number" },
        { "Date Added in the last fortnight", "is not a date" },
        { "spent greater 100", "Expected 'THAN'" },
        { "(state = CA OR spent > 1) AND (state = NY OR spent > 2)", "OR inside an AND" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Refuses_with_a_message_that_says_what_to_fix(string condition, string expected)
    {
        var error = Assert.Throws<CriteriaFormatException>(() => Json(condition));
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_unknown_field_is_described_in_Ontraport_terms_and_typed_for_the_caller()
    {
        var error = Assert.Throws<CriteriaFormatException>(() => Json("zzqqxxww = 1"));
        Assert.Equal("Field 'zzqqxxww' is not on Contacts; no field has a similar name or alias.", error.Message);
        Assert.Equal(("zzqqxxww", "Contacts", 0), (error.UnknownField!.Typed, error.UnknownField.ObjectName, error.UnknownField.Suggestions.Count));
    }

    [Fact]
    public void Dates_are_days_in_the_accounts_time_zone()
    {
        var losAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(-7)).ToUnixTimeSeconds(); // PDT until Nov 1, 2 am
        var end = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.FromHours(-8)).ToUnixTimeSeconds();
        Assert.Equal($"[{C("date", ">=", start.ToString())},\"AND\",{C("date", "<", end.ToString())}]", Json("date = 2026-11-01", losAngeles));
    }

    /// <summary>Relative dates are read in the account's time zone, then sent as Unix seconds (UTC instants).</summary>
    public static TheoryData<string, string, string> ZonedCases => new()
    {
        // Los Angeles: PDT (-7) until 1 November 2026 2 am, then PST (-8); "now" is 07:00 on the 22nd there.
        { "America/Los_Angeles", "date = this month", $"[{C("date", ">=", At(2026, 11, 1, 7))},\"AND\",{C("date", "<", At(2026, 12, 1, 8))}]" },
        { "America/Los_Angeles", "date within last 30 days", $"[{C("date", ">=", At(2026, 10, 23, 7))},\"AND\",{C("date", "<", At(2026, 11, 22, 15))}]" },
        { "America/Los_Angeles", "date = today", $"[{C("date", ">=", At(2026, 11, 22, 8))},\"AND\",{C("date", "<", At(2026, 11, 23, 8))}]" },
        { "America/Los_Angeles", "dla < 180 days ago", $"[{C("dla", "<", At(2026, 5, 26, 15))}]" },
        { "America/Los_Angeles", "date > 2026-11-01", $"[{C("date", ">=", At(2026, 11, 2, 8))}]" },
        // Tokyo (+9): at 15:00 UTC it is already the 23rd there.
        { "Asia/Tokyo", "date = today", $"[{C("date", ">=", At(2026, 11, 22, 15))},\"AND\",{C("date", "<", At(2026, 11, 23, 15))}]" },
        { "Asia/Tokyo", "date = this month", $"[{C("date", ">=", At(2026, 10, 31, 15))},\"AND\",{C("date", "<", At(2026, 11, 30, 15))}]" },
    };

    [Theory]
    [MemberData(nameof(ZonedCases))]
    public void Relative_dates_use_the_accounts_time_zone(string zone, string condition, string expected) =>
        Assert.Equal(expected, Json(condition, TimeZoneInfo.FindSystemTimeZoneById(zone)));

    private static string At(int y, int m, int d, int hourUtc) => new DateTimeOffset(y, m, d, hourUtc, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString();

    [Fact]
    public void The_echo_says_what_was_understood_with_grouping_and_absolute_dates()
    {
        var parsed = new ConditionParser(Clock, TimeZoneInfo.Utc).Parse("(Lifetime Value > 1000 AND state = CA) OR date = this month", ContactFields.Metadata, "Contacts");
        Assert.Equal("(spent (Lifetime Value) > 1000 AND state = \"CA\") OR (date (Date Added) >= 2026-11-01T00:00:00Z [this month (2026-11-01 to 2026-11-30)] AND date (Date Added) < 2026-12-01T00:00:00Z [this month (2026-11-01 to 2026-11-30)])", parsed.Echo);
    }
}
