using Ontraport.Client.Metadata;

namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>
/// Which fields an answer shows, from the <c>fields</c> argument: nothing given is the default view (a page shows the
/// account's list-view columns, a record shows every field except internal ones), named fields show only those (plus
/// id), and <c>["*"]</c> shows every field.
/// </summary>
public sealed record FieldSelection
{
    public const string Every = "*";

    private FieldSelection(IReadOnlyList<string>? names, bool all)
    {
        Names = names;
        All = all;
    }

    public static FieldSelection Default { get; } = new(null, false);

    public static FieldSelection AllFields { get; } = new(null, true);

    public static FieldSelection Only(IReadOnlyList<string> names) => new(names, false);

    /// <summary>The fields named by the agent (as field names), or null.</summary>
    public IReadOnlyList<string>? Names { get; }

    public bool All { get; }

    public bool IsDefault => Names is null && !All;

    /// <summary>Whether a record's field is part of the answer.</summary>
    public bool Shows(string field) =>
        All || (Names is { } names ? field == "id" || names.Contains(field, StringComparer.OrdinalIgnoreCase) : !RecordFields.IsInternal(field));
}
