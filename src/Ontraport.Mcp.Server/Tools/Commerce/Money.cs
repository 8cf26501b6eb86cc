using System.Globalization;

namespace Ontraport.Mcp.Server.Tools.Commerce;

/// <summary>Money in tool arguments and answers: positive decimals with at most two places in, "500.00 USD" out.</summary>
public static class Money
{
    /// <summary>The largest amount a tool accepts: a typo guard, far above any real invoice.</summary>
    public const decimal Max = 1_000_000m;

    public static string Format(decimal amount, string currency) =>
        amount.ToString("#,##0.00", CultureInfo.InvariantCulture) + " " + currency;

    /// <summary>A positive amount with at most two decimals, or a <see cref="ToolInputException"/> naming the argument.</summary>
    public static decimal Positive(decimal value, string argument)
    {
        if (value <= 0)
        {
            throw new ToolInputException($"{argument} must be a positive amount, not {Plain(value)}.");
        }

        if (value != decimal.Round(value, 2))
        {
            throw new ToolInputException($"{argument} has more than two decimals ({Plain(value)}); give whole cents.");
        }

        return value <= Max ? value : throw new ToolInputException($"{argument} is {Plain(value)}; amounts above {Plain(Max)} are refused as a likely typo.");
    }

    /// <summary>A whole quantity from 1 to 10,000.</summary>
    public static int Quantity(decimal? value, string argument)
    {
        var quantity = value ?? 1m;
        return quantity >= 1 && quantity <= 10_000 && quantity == decimal.Truncate(quantity)
            ? (int)quantity
            : throw new ToolInputException($"{argument} must be a whole number from 1 to 10,000, not {Plain(quantity)}.");
    }

    public static string Plain(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
