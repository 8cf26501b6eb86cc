namespace Ontraport.Sandbox.Criteria;

/// <summary>One condition of a criteria array: <c>{"field":{"field":F},"op":OP,"value":…}</c> (ontraport-api.md §2.2).</summary>
/// <param name="Column">The column, as the schema spells it.</param>
/// <param name="Operator">One of <see cref="Operators"/>, upper case.</param>
/// <param name="Values">The operand(s): one for scalar operators, the list for IN / NOT IN; empty for IS NULL.</param>
internal sealed record Comparison(string Column, string Operator, IReadOnlyList<string?> Values);

/// <summary>The operators the official SDK's validator accepts (ontraport-api.md §2.2).</summary>
internal static class Operators
{
    public const string Equal = "=";
    public const string NotEqual = "<>";
    public const string Greater = ">";
    public const string Less = "<";
    public const string GreaterOrEqual = ">=";
    public const string LessOrEqual = "<=";
    public const string In = "IN";
    public const string NotIn = "NOT IN";
    public const string Is = "IS";
    public const string Like = "LIKE";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Equal, NotEqual, Greater, Less, GreaterOrEqual, LessOrEqual, In, NotIn, Is, Like,
    };
}
