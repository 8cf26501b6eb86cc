namespace Ontraport.Mcp.Server.Tests;

public class RecordShapingTests
{
    [Theory]
    [InlineData("0", null)]
    [InlineData("-80006400", "1967-06-20T00:00:00Z")]
    [InlineData("1538603619", "2018-10-03T21:53:39Z")]
    [InlineData("1760692451492", "2025-10-17T09:14:11Z")]
    public void Dates_only_treat_zero_as_unset(string stored, string? shown) =>
        Assert.Equal(shown, Ontraport.Mcp.Server.Tools.Shaping.RecordShaper.Date(stored));
}
