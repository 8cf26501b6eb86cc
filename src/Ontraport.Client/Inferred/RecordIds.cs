using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Ontraport.Client.ObjectTypes;

namespace Ontraport.Client.Inferred;

/// <summary>
/// Which column holds a record's id, per object type. Most rows carry <c>id</c>; some objects key their rows by another
/// column. The client reads the id either way: <c>id</c> first, then the type's own column.
/// <list type="bullet">
/// <item>Forms (122): <c>form_id</c> [V: ontraport-api.md §5.4, SDK-T form record].</item>
/// <item>Tags (14): <c>tag_id</c> INFERRED: the tag endpoints and the join rows (138) name a tag <c>tag_id</c>, and the
/// tag record is written with <c>tag_name</c> (§3.1), so its rows are read as keyed by <c>tag_id</c> when they lack
/// <c>id</c>.</item>
/// </list>
/// Join rows (Tag Subscribers 138, Sequence Subscribers 8) keep their own <c>id</c>: their <c>tag_id</c> names the tag,
/// not the row, so it is never read as theirs. One of the client's labelled guesses (README "Inferred API mappings").
/// </summary>
public static class RecordIds
{
    private static readonly FrozenDictionary<int, string> Columns = new Dictionary<int, string>
    {
        [ObjectTypeIds.Tag] = "tag_id",
        [ObjectTypeIds.Form] = "form_id",
    }.ToFrozenDictionary();

    /// <summary>The column a type keys its rows by besides <c>id</c>, or null.</summary>
    public static string? OwnColumn(int objectTypeId) => Columns.GetValueOrDefault(objectTypeId);

    /// <summary>The id of a row of <paramref name="objectTypeId"/> (unknown type: <c>id</c> only); 0 when it has none.</summary>
    public static long Of(JsonObject fields, int? objectTypeId) =>
        JsonText.AsLong(fields["id"])
        ?? (objectTypeId is { } type && OwnColumn(type) is { } column ? JsonText.AsLong(fields[column]) : null)
        ?? 0;
}
