using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Manage;

/// <summary>
/// The records a bulk Manage call acts on and how many there are, known before anything is written.
/// <see cref="Records"/> holds them (with the requested fields) for ids and contact targets; a group is only counted.
/// </summary>
internal sealed record TargetRecords(RecordSelection Selection, long Count, IReadOnlyList<OntraportRecord>? Records, TargetEcho Echo);

/// <summary>
/// Chooses the records of a Manage call: exactly one of <c>ids</c>, <c>contact</c> (ID, email or name; contacts only) or
/// <c>group_id</c> (every member of a saved group). Unknown ids and groups of another type are errors, never skipped.
/// </summary>
internal sealed class RecordTargets(ToolSession session, RecordLookup lookup)
{
    /// <summary>Argument checks only: costs no request.</summary>
    public static void Check(ObjectType type, long[]? ids, string? contact, long? groupId)
    {
        var given = (ids is { Length: > 0 } ? 1 : 0) + (string.IsNullOrWhiteSpace(contact) ? 0 : 1) + (groupId is null ? 0 : 1);
        if (given == 0)
        {
            throw new ToolInputException("Say which records: ids, contact (an id, email or name) or group_id (a saved group, see get_groups).");
        }

        if (given > 1)
        {
            throw new ToolInputException("Give only one of ids, contact or group_id.");
        }

        if (!string.IsNullOrWhiteSpace(contact) && type.Id != ObjectTypeIds.Contact)
        {
            throw new ToolInputException($"contact names a contact, but object_type is {type.Name}; give the {type.Name.ToLowerInvariant()} ids instead.");
        }

        if (groupId is <= 0)
        {
            throw new ToolInputException($"group_id {groupId} is not a group id; list groups with get_groups.");
        }

        ManageArguments.Ids(ids, "ids");
    }

    /// <summary>Reads the targets; <paramref name="fields"/> are the columns the caller needs from each record.</summary>
    public async Task<TargetRecords> ReadAsync(ObjectType type, long[]? ids, string? contact, long? groupId, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(contact))
        {
            var person = await lookup.ContactAsync(contact, cancellationToken);
            return new TargetRecords(RecordSelection.ForIds([person.Id]), 1, [person], new TargetEcho(RecordRef.Of(person.Id, RecordFields.DisplayName(person, RecordFields.PersonNameFields)), null, null));
        }

        if (groupId is { } group)
        {
            var record = await session.Client.Objects.GetAsync(ObjectTypeIds.Group, group, cancellationToken)
                ?? throw new ToolInputException($"There is no group with id {group}; list groups with get_groups.");
            if ((record.GetLong("object_type_id") ?? 0) != type.Id)
            {
                var holds = ObjectTypeCatalog.BuiltIn.Find((int)(record.GetLong("object_type_id") ?? 0))?.Name ?? $"object type {record["object_type_id"]}";
                throw new ToolInputException($"Group {group} '{record["name"]}' holds {holds}, not {type.Name}.");
            }

            var selection = new RecordSelection { GroupId = group };
            var members = (await session.Client.Objects.GetInfoAsync(type.Id, selection, cancellationToken)).Count;
            return new TargetRecords(selection, members, null, new TargetEcho(null, new ListedRef(group, record["name"]), null));
        }

        var wanted = ManageArguments.Ids(ids, "ids");
        var (found, _) = await session.Client.Objects.ListAllAsync(type.Id, RecordSelection.ForIds(wanted), wanted.Count, fields, cancellationToken);
        var missing = wanted.Except(found.Select(r => r.Id)).ToList();
        if (missing.Count > 0)
        {
            throw new ToolInputException($"ids: there is no {type.SingularName.ToLowerInvariant()} with id {string.Join(", ", missing.Take(10))}" +
                (missing.Count > 10 ? $" (and {missing.Count - 10} more)" : "") + ". Nothing was changed; check the ids with get_objects.");
        }

        return new TargetRecords(RecordSelection.ForIds(wanted), wanted.Count, found, new TargetEcho(null, null, wanted.Count));
    }
}
