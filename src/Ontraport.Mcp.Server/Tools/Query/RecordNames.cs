using Ontraport.Client.Objects;

namespace Ontraport.Mcp.Server.Tools.Query;

/// <summary>
/// Display names of the records a page refers to (messages, automations, contacts, groups, outcomes…): one request per
/// object type for the whole page, never one per record. Users have <see cref="RecordLookup.UserNamesAsync"/>.
/// </summary>
public static class RecordNames
{
    public static async Task<IReadOnlyDictionary<long, string>> ForAsync(ToolSession session, int objectTypeId, IEnumerable<long?> ids, string[] nameFields, CancellationToken cancellationToken)
    {
        var records = await session.Client.Objects.GetManyAsync(objectTypeId, ids.OfType<long>(), nameFields, cancellationToken);
        return records.ToDictionary(r => r.Id, r => Display(r, nameFields));
    }

    /// <summary>Contacts by "first last" (their email when unnamed).</summary>
    public static Task<IReadOnlyDictionary<long, string>> ContactsAsync(ToolSession session, IEnumerable<long?> ids, CancellationToken cancellationToken) =>
        ForAsync(session, 0, ids, ["firstname", "lastname", "email"], cancellationToken);

    public static string Display(OntraportRecord record, string[] nameFields)
    {
        if (nameFields.Contains("firstname"))
        {
            var name = RecordLookup.FullName(record);
            return name.Length > 0 ? name : record["email"] ?? $"#{record.Id}";
        }

        return nameFields.Select(f => record[f]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? $"#{record.Id}";
    }
}
