namespace Ontraport.Mcp.Server.Tools.Manage;

/// <summary>Argument checks the Manage tools share; all run before any upstream request.</summary>
internal static class ManageArguments
{
    /// <summary>Reads <c>action</c>: true for one of <paramref name="yes"/>, false for one of <paramref name="no"/> (the first word of each is the documented one).</summary>
    public static bool Choice(string? action, string[] yes, string[] no)
    {
        var text = action?.Trim().ToLowerInvariant();
        if (yes.Contains(text))
        {
            return true;
        }

        return no.Contains(text)
            ? false
            : throw new ToolInputException($"action must be '{yes[0]}' or '{no[0]}'" + (string.IsNullOrWhiteSpace(action) ? "." : $", not '{action}'."));
    }

    /// <summary>Distinct positive ids, in the order given; empty when none were given.</summary>
    public static IReadOnlyList<long> Ids(long[]? ids, string argument)
    {
        if (ids is null)
        {
            return [];
        }

        foreach (var id in ids)
        {
            if (id <= 0)
            {
                throw new ToolInputException($"{argument}: {id} is not a record id; ids are positive whole numbers.");
            }
        }

        return [.. ids.Distinct()];
    }

    /// <summary>Distinct (case-insensitive) trimmed names; a blank entry is an error.</summary>
    public static IReadOnlyList<string> Names(string[]? names, string argument)
    {
        if (names is null)
        {
            return [];
        }

        if (names.Any(string.IsNullOrWhiteSpace))
        {
            throw new ToolInputException($"{argument} has an empty name; give each name as text, e.g. [\"warm lead\"].");
        }

        return [.. names.Select(n => n.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
