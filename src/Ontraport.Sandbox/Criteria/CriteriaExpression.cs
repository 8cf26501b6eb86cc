using System.Globalization;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Criteria;

/// <summary>
/// A parsed criteria array: comparisons joined by AND / OR, AND binding tighter (the server turns the array into a
/// SQL WHERE clause). Comparisons follow SQL: a null value satisfies only <c>IS NULL</c>; values compare as numbers
/// when both sides are numbers, otherwise as case-insensitive text.
/// </summary>
internal sealed class CriteriaExpression
{
    private readonly IReadOnlyList<IReadOnlyList<Comparison>> _anyOf;

    public CriteriaExpression(IReadOnlyList<IReadOnlyList<Comparison>> anyOf)
    {
        _anyOf = anyOf;
    }

    /// <summary>The OR-groups, each a list of comparisons that must all hold.</summary>
    public IReadOnlyList<IReadOnlyList<Comparison>> AnyOf => _anyOf;

    public bool IsEmpty => _anyOf.Count == 0;

    public bool Matches(Record record) => IsEmpty || _anyOf.Any(all => all.All(c => Holds(c, record[c.Column])));

    public static bool Holds(Comparison comparison, string? value)
    {
        if (comparison.Operator == Operators.Is)
        {
            return value is null;
        }

        if (value is null)
        {
            return false;
        }

        var operands = comparison.Values;
        return comparison.Operator switch
        {
            Operators.Equal => operands[0] is { } o && Compare(value, o) == 0,
            Operators.NotEqual => operands[0] is { } o && Compare(value, o) != 0,
            Operators.Greater => operands[0] is { } o && Compare(value, o) > 0,
            Operators.Less => operands[0] is { } o && Compare(value, o) < 0,
            Operators.GreaterOrEqual => operands[0] is { } o && Compare(value, o) >= 0,
            Operators.LessOrEqual => operands[0] is { } o && Compare(value, o) <= 0,
            Operators.In => operands.Any(o => o is not null && Compare(value, o) == 0),
            Operators.NotIn => operands.All(o => o is not null && Compare(value, o) != 0),
            Operators.Like => operands[0] is { } o && LikePattern.Matches(value, o),
            _ => false,
        };
    }

    /// <summary>Numbers compare as numbers, anything else as case-insensitive text.</summary>
    public static int Compare(string left, string right)
    {
        if (TryNumber(left, out var l) && TryNumber(right, out var r))
        {
            return l.CompareTo(r);
        }

        return string.Compare(left, right, StringComparison.OrdinalIgnoreCase);
    }

    public static bool TryNumber(string text, out decimal number) =>
        decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
}
