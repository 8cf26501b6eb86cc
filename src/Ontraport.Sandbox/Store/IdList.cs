using System.Globalization;

namespace Ontraport.Sandbox.Store;

/// <summary>
/// The <c>*/*</c>-delimited id lists of <c>contact_cat</c>, <c>updateSequence</c> and <c>updateCampaign</c>
/// (<c>"*/*3*/*7*/*"</c>, ontraport-api.md §2.3).
/// </summary>
internal static class IdList
{
    private const string Delimiter = "*/*";

    public static List<long> Parse(string? value)
    {
        var ids = new List<long>();
        if (string.IsNullOrEmpty(value))
        {
            return ids;
        }

        foreach (var part in value.Split(Delimiter, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Lenient on input: commas are accepted too.
            foreach (var piece in part.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (long.TryParse(piece, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && !ids.Contains(id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    public static string Format(IEnumerable<long> ids)
    {
        var list = ids.ToList();
        return list.Count == 0
            ? string.Empty
            : Delimiter + string.Join(Delimiter, list.Select(id => id.ToString(CultureInfo.InvariantCulture))) + Delimiter;
    }
}
