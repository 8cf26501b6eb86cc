using Ontraport.Client.Metadata;

namespace Ontraport.Mcp.Server.Tools.Query;

/// <summary>
/// Turns a word an agent typed ("call", "email opened", "sent") into the code of a drop-down field, using the options in
/// the account's metadata (or a fallback table when the metadata has none). Costs no request.
/// </summary>
public static class OptionChoice
{
    public static IReadOnlyDictionary<string, string> Options(ObjectMetadata metadata, string field, IReadOnlyDictionary<string, string>? fallback = null) =>
        metadata.FindField(field) is { Options.Count: > 0 } known ? known.Options : fallback ?? new Dictionary<string, string>();

    /// <summary>The code whose key or label is <paramref name="typed"/>, else the one label that contains it.</summary>
    public static string Resolve(string typed, string argument, IReadOnlyDictionary<string, string> options)
    {
        var text = typed.Trim();
        if (options.ContainsKey(text))
        {
            return text;
        }

        var exact = options.Where(o => string.Equals(o.Value, text, StringComparison.OrdinalIgnoreCase)).ToList();
        var partial = exact.Count > 0 ? exact : options.Where(o => o.Value.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();
        return partial.Count == 1
            ? partial[0].Key
            : throw new ToolInputException(
                $"{argument}: '{text}' {(partial.Count == 0 ? "is not one of" : "matches several of")} {string.Join(", ", options.Select(o => $"'{o.Value}'"))}. Use one of them.");
    }
}
