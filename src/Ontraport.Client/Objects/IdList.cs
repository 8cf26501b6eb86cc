using System.Globalization;

namespace Ontraport.Client.Objects;

/// <summary>
/// Ontraport's list values: membership lists (<c>contact_cat</c>, <c>updateSequence</c>, <c>updateCampaign</c>) and
/// multi-select options are stored as <c>*/*</c>-delimited items with a delimiter at each end, <c>"*/*3*/*7*/*"</c>
/// (API reference §2.3 [V]). The one reader and writer of that format.
/// </summary>
public static class IdList
{
    public const string Delimiter = "*/*";

    /// <summary>Whether <paramref name="text"/> is written in the list format.</summary>
    public static bool IsList(string? text) => text is not null && text.StartsWith(Delimiter, StringComparison.Ordinal);

    /// <summary>The items of a list, in order, without empties (<c>"*/*3*/*7*/*"</c> → "3", "7").</summary>
    public static IReadOnlyList<string> Items(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Split(Delimiter, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The numeric items of a list (others are skipped).</summary>
    public static IReadOnlyList<long> Parse(string? text) =>
        [.. Items(text).Select(i => long.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : (long?)null).OfType<long>()];

    public static bool Contains(string? text, long id) => Parse(text).Contains(id);

    /// <summary>Writes items in the list format; no items is the empty string.</summary>
    public static string Format(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "" : Delimiter + string.Join(Delimiter, list) + Delimiter;
    }

    public static string Format(IEnumerable<long> ids) => Format(ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The LIKE pattern that matches lists holding <paramref name="id"/>: <c>%*/*5*/*%</c>.</summary>
    public static string LikePattern(long id) => "%" + Delimiter + id.ToString(CultureInfo.InvariantCulture) + Delimiter + "%";

    /// <summary>The id a <see cref="LikePattern"/> tests for, or null when the pattern is not one.</summary>
    public static long? FromLikePattern(string? pattern) =>
        pattern is { Length: > 2 + (2 * 3) } && pattern.StartsWith("%" + Delimiter, StringComparison.Ordinal) && pattern.EndsWith(Delimiter + "%", StringComparison.Ordinal) &&
        long.TryParse(pattern.AsSpan(1 + Delimiter.Length, pattern.Length - 2 - (2 * Delimiter.Length)), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
}
