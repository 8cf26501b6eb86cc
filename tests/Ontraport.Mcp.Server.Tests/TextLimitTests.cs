using Ontraport.Mcp.Server.Text;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>Issue 20 item 3f: the one truncation helper every echo of caller text goes through.</summary>
public sealed class TextLimitTests
{
    [Theory]
    [InlineData("", 3, "")]
    [InlineData("abc", 3, "abc")]
    [InlineData("abcd", 3, "abc…")]
    [InlineData("ab🙂", 2, "ab…")]
    public void Text_over_the_limit_keeps_its_first_characters_and_a_mark(string text, int max, string expected) =>
        Assert.Equal(expected, TextLimit.Shorten(text, max));

    [Fact]
    public void Text_within_the_limit_is_returned_as_it_is() =>
        Assert.Same("exact", TextLimit.Shorten("exact", 5));

    [Fact]
    public void The_mark_can_be_left_off() =>
        Assert.Equal("abc", TextLimit.Shorten("abcdef", 3, mark: ""));
}
