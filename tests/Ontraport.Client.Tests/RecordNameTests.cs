using System.Text.Json.Nodes;
using Ontraport.Client.Metadata;
using Ontraport.Client.Objects;

namespace Ontraport.Client.Tests;

/// <summary>The one rule that names a record (<see cref="RecordFields.DisplayName"/>), used by every tool.</summary>
public sealed class RecordNameTests
{
    private static OntraportRecord Record(JsonObject fields) => new(fields);

    [Fact]
    public void A_person_is_named_by_first_and_last_name_trimmed_else_email()
    {
        Assert.Equal("Sarah Mitchell", RecordFields.DisplayName(Record(new() { ["id"] = "1", ["firstname"] = " Sarah ", ["lastname"] = "Mitchell", ["email"] = "s@example.com" }), RecordFields.PersonNameFields));
        Assert.Equal("Sarah", RecordFields.DisplayName(Record(new() { ["id"] = "1", ["firstname"] = "Sarah", ["lastname"] = " " }), RecordFields.PersonNameFields));
        Assert.Equal("s@example.com", RecordFields.DisplayName(Record(new() { ["id"] = "1", ["firstname"] = "", ["email"] = "s@example.com" }), RecordFields.PersonNameFields));
        Assert.Null(RecordFields.DisplayName(Record(new() { ["id"] = "1" }), RecordFields.PersonNameFields));
    }

    [Fact]
    public void Other_name_fields_are_alternatives_in_order()
    {
        var message = Record(new() { ["id"] = "3", ["subject"] = "", ["name"] = "November newsletter" });
        Assert.Equal("November newsletter", RecordFields.DisplayName(message, ["subject", "name"]));
        Assert.Equal("Hello", RecordFields.DisplayName(Record(new() { ["id"] = "3", ["subject"] = "Hello", ["name"] = "November newsletter" }), ["subject", "name"]));
    }

    [Fact]
    public void A_persons_name_has_no_email_fallback()
    {
        var unnamed = Record(new() { ["id"] = "1", ["email"] = "s@example.com" });
        Assert.Equal("", RecordFields.PersonName(unnamed));
        Assert.Equal("Sarah Mitchell", RecordFields.PersonName(Record(new() { ["id"] = "1", ["firstname"] = "Sarah", ["lastname"] = "Mitchell " })));
    }
}
