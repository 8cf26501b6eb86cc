using System.Globalization;
using Ontraport.Client.Metadata;

namespace Ontraport.Client.Conditions;

/// <summary>Why a typed value does not fit its field.</summary>
public enum FieldValueProblem
{
    None,
    NotANumber,

    /// <summary>Money is kept to the cent (ontraport-api.md §1.4 <c>"total":"1.00"</c>, §3.4 <c>"price":"0.00"</c>).</summary>
    TooManyDecimals,
    NotAnOption,
    NotACheckbox,
}

/// <summary>
/// The one reading of a typed value for a field, shared by the condition parser (<see cref="ConditionParser"/>) and the
/// write path (the server's <c>values</c> check), so a value means the same in <c>spent &gt; 1000</c> and in
/// <c>{"spent": 1000}</c>. Amounts as people write them (<c>1000</c>, <c>$1,000.50</c>, <c>500 USD</c>, <c>1.5k</c>);
/// money to the cent, never rounded silently; drop-down options by key or label; checkboxes by word.
/// </summary>
public static class FieldValueConverter
{
    /// <summary>Reads a number or amount for a number, money or lookup field.</summary>
    public static FieldValueProblem ReadNumber(FieldMetadata field, string text, out decimal value)
    {
        if (!TryReadAmount(text, out value))
        {
            return FieldValueProblem.NotANumber;
        }

        return field.Kind == FieldKind.Money && value != decimal.Round(value, 2) ? FieldValueProblem.TooManyDecimals : FieldValueProblem.None;
    }

    /// <summary>The string Ontraport stores for a number: money with two decimals (<c>"1500.00"</c>), other numbers plain.</summary>
    public static string Stored(FieldMetadata field, decimal value) =>
        value.ToString(field.Kind == FieldKind.Money ? "0.00" : "0.##########", CultureInfo.InvariantCulture);

    /// <summary>The option key a drop-down value means: the key itself, or a label (case-insensitive); null when neither.</summary>
    public static string? OptionKey(FieldMetadata field, string text)
    {
        var typed = text.Trim();
        if (field.Options.ContainsKey(typed))
        {
            return typed;
        }

        return field.Options.FirstOrDefault(o => string.Equals(o.Value, typed, StringComparison.OrdinalIgnoreCase)).Key;
    }

    /// <summary>A checkbox word → checked or not; null when it is not one.</summary>
    public static bool? Checkbox(string text) => text.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "checked" => true,
        "0" or "false" or "no" or "unchecked" => false,
        _ => null,
    };

    /// <summary>
    /// Reads a number or an amount of money as people write it: <c>1000</c>, <c>$1,000.50</c>, <c>1000 USD</c>,
    /// <c>500 dollars</c>, <c>$1.5k</c>, <c>2m</c>.
    /// </summary>
    public static bool TryReadAmount(string text, out decimal number)
    {
        var cleaned = text.Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim();
        foreach (var unit in new[] { "usd", "dollars", "dollar" })
        {
            if (cleaned.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                cleaned = cleaned[..^unit.Length].Trim();
            }
            else if (cleaned.StartsWith(unit + " ", StringComparison.OrdinalIgnoreCase))
            {
                cleaned = cleaned[(unit.Length + 1)..].Trim();
            }
        }

        var multiplier = cleaned.Length > 1 ? char.ToLowerInvariant(cleaned[^1]) switch { 'k' => 1_000m, 'm' => 1_000_000m, _ => 1m } : 1m;
        var digits = multiplier == 1m ? cleaned : cleaned[..^1].Trim();
        if (!decimal.TryParse(digits, NumberStyles.Number, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        if (multiplier != 1m)
        {
            // "1.5k" is 1500, not 1500.0: the scale of what was typed, without the unit's zeros.
            number = decimal.Parse((number * multiplier).ToString("0.##########", CultureInfo.InvariantCulture), NumberStyles.Number, CultureInfo.InvariantCulture);
        }

        return true;
    }
}
