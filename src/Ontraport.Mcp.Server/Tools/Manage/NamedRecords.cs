using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;

namespace Ontraport.Mcp.Server.Tools.Manage;

/// <summary>
/// Sequences, automations, rules and other named records chosen by ids and/or names: every id must exist and every name
/// must match one record (exactly, else uniquely in part); otherwise the error lists candidates. Nothing is guessed.
/// </summary>
internal sealed class NamedRecords(ToolSession session, RecordLookup lookup)
{
    public async Task<IReadOnlyList<OntraportRecord>> ResolveAsync(
        ObjectType type, IReadOnlyList<long> ids, IReadOnlyList<string> names, string idArgument, string nameArgument, string[] fields, CancellationToken cancellationToken)
    {
        var records = new List<OntraportRecord>();
        if (ids.Count > 0)
        {
            var (found, _) = await session.Client.Objects.ListAllAsync(type.Id, RecordSelection.ForIds(ids), ids.Count, fields, cancellationToken);
            var missing = ids.Except(found.Select(r => r.Id)).ToList();
            if (missing.Count > 0)
            {
                var some = await session.Client.Objects.ListAsync(type.Id, new ListOptions { Range = 10, Fields = fields }, cancellationToken);
                throw new ToolInputException($"{idArgument}: there is no {type.SingularName.ToLowerInvariant()} with id {string.Join(", ", missing.Take(10))}." +
                    (some.Count == 0 ? "" : $" Some that exist: {string.Join("; ", some.Select(s => $"{s.Id} '{s[fields[0]]}'"))}."));
            }

            records.AddRange(ids.Select(id => found.First(r => r.Id == id)));
        }

        foreach (var name in names)
        {
            records.Add(await lookup.ByIdOrNameAsync(type, name, [fields[0]], nameArgument, cancellationToken));
        }

        return [.. records.DistinctBy(r => r.Id)];
    }
}
