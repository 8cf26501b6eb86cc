using Ontraport.Client.Objects;

namespace Ontraport.Mcp.Server.Tools.Manage;

/// <summary>
/// Reads a record's membership lists (<c>contact_cat</c> tags, <c>updateSequence</c>, <c>updateCampaign</c>), stored as
/// <c>*/*</c>-delimited ids (API reference §2.3), to say what a tag or subscription change will actually change.
/// </summary>
internal static class MembershipLists
{
    public static bool Contains(OntraportRecord record, string column, long id) =>
        IdList.Contains(record[column], id);

    /// <summary>How many of <paramref name="records"/> the change alters: adding, those missing one of the ids; removing, those holding one.</summary>
    public static int Changing(IEnumerable<OntraportRecord> records, string column, IReadOnlyCollection<long> ids, bool add) =>
        records.Count(r => add ? ids.Any(id => !Contains(r, column, id)) : ids.Any(id => Contains(r, column, id)));
}
