using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Http;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Client.Relationships;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Manage;

[McpServerToolType, Toolset(Toolsets.Manage)]
public sealed class ManageRelationshipsTool(ToolSession session, RecordLookup lookup)
{
    private readonly RelationshipLinks _links = new(session);

    [McpServerTool(Name = "manage_relationships", Title = "Link records", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Link or unlink two records, e.g. a contact and its company.")]
    public async Task<CallToolResult> ManageRelationships(
        [AllowedValues("link", "unlink")] string action,
        string object_type,
        [Description("Type of the other record.")] string related_type,
        [Description("The other record: id or name.")] string related,
        long? id = null,
        string? contact = null,
        [Description("Lookup field, when several apply.")] string? field = null,
        [Description("Its name, e.g. Referred by.")] string? relationship = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var link = ManageArguments.Choice(action, ["link", "add"], ["unlink", "remove"]);
        var first = await session.ObjectTypeAsync(object_type, cancellationToken);
        var second = await session.ObjectTypeAsync(related_type, cancellationToken);
        CheckRecordArguments(first, id, contact, related, field, relationship);

        var way = await ChooseAsync(first, second, field, relationship, cancellationToken);
        var record = await FirstRecordAsync(first, id, contact, cancellationToken);
        var other = await RelatedRecordAsync(second, related, cancellationToken);
        if (first.Id == second.Id && record.Id == other.Id)
        {
            throw new ToolInputException("A record cannot be linked to itself; related names the same record.");
        }

        var answer = new RelationshipAnswer
        {
            Action = link ? "link" : "unlink",
            Record = await EchoAsync(first, record, cancellationToken),
            Related = await EchoAsync(second, other, cancellationToken),
        };
        return way.Lookup is { } lookupLink
            ? await ByLookupAsync(lookupLink, first, record, other, link, answer, dry_run, cancellationToken)
            : await ByRelationshipAsync(way.Relationship!, first, record, second, other, link, answer, dry_run, cancellationToken);
    }

    private static void CheckRecordArguments(ObjectType first, long? id, string? contact, string? related, string? field, string? relationship)
    {
        if (id is null == string.IsNullOrWhiteSpace(contact))
        {
            throw new ToolInputException("Give the first record as id, or (for contacts) as contact: one of them.");
        }

        if (contact is not null && first.Id != ObjectTypeIds.Contact)
        {
            throw new ToolInputException($"contact names a contact, but object_type is {first.Name}; give its id instead.");
        }

        if (string.IsNullOrWhiteSpace(related))
        {
            throw new ToolInputException("related is required: the related record's id or name.");
        }

        if (!string.IsNullOrWhiteSpace(field) && !string.IsNullOrWhiteSpace(relationship))
        {
            throw new ToolInputException("Give field (a lookup field) or relationship (a Custom Object Relationship name), not both.");
        }
    }

    private sealed record Way(LookupLink? Lookup, string? Relationship);

    /// <summary>The one mechanism that links the two types; several possible ones are an error that lists them.</summary>
    private async Task<Way> ChooseAsync(ObjectType first, ObjectType second, string? field, string? relationship, CancellationToken cancellationToken)
    {
        var lookups = await _links.LookupsAsync(first, second, cancellationToken);
        var relationshipsApply = RelationshipLinks.RelationshipsApply(first, second);
        if (!string.IsNullOrWhiteSpace(field))
        {
            var wanted = ObjectTypeRegistry.Normalize(field);
            var chosen = lookups.Where(l => ObjectTypeRegistry.Normalize(l.Field.Name) == wanted || ObjectTypeRegistry.Normalize(l.Field.Alias) == wanted).ToList();
            return chosen.Count switch
            {
                1 => new Way(chosen[0], null),
                0 => throw new ToolInputException($"field '{field}' does not link {first.Name} and {second.Name}. " + await OptionsAsync(first, second, lookups, relationshipsApply, cancellationToken)),
                _ => throw new ToolInputException($"field '{field}' names lookups on both types: {string.Join(" and ", chosen.Select(c => c.Describe()))}; give the field name."),
            };
        }

        if (!string.IsNullOrWhiteSpace(relationship))
        {
            return relationshipsApply
                ? new Way(null, relationship.Trim())
                : throw new ToolInputException($"Custom Object Relationships link contacts and custom objects, not {first.Name} and {second.Name}. " +
                    await OptionsAsync(first, second, lookups, false, cancellationToken));
        }

        if (lookups.Count == 1 && !relationshipsApply)
        {
            return new Way(lookups[0], null);
        }

        var problem = lookups.Count == 0 && !relationshipsApply
            ? $"No lookup field links {first.Name} and {second.Name}, and Custom Object Relationships only link contacts and custom objects; they cannot be linked."
            : $"Say how to link {first.Name} and {second.Name}: " + await OptionsAsync(first, second, lookups, relationshipsApply, cancellationToken);
        throw new ToolInputException(problem);
    }

    private async Task<string> OptionsAsync(ObjectType first, ObjectType second, IReadOnlyList<LookupLink> lookups, bool relationshipsApply, CancellationToken cancellationToken)
    {
        var options = lookups.Select(l => $"field \"{l.Field.Name}\" ({l.Field.Alias}, on {l.Holder.Name})").ToList();
        if (relationshipsApply)
        {
            var names = await _links.NamesAsync(first, second, cancellationToken);
            options.Add(names.Count > 0
                ? $"relationship {string.Join(" or ", names.Take(5).Select(n => $"\"{n}\""))} (Custom Object Relationships in use between them), or a new relationship name"
                : "relationship \"<a name for the link>\" (a Custom Object Relationship)");
        }

        return options.Count == 0 ? "nothing links them." : "pass " + string.Join("; or ", options) + ".";
    }

    private async Task<CallToolResult> ByLookupAsync(LookupLink way, ObjectType first, OntraportRecord record, OntraportRecord other, bool link, RelationshipAnswer answer, bool dryRun, CancellationToken cancellationToken)
    {
        // Same-type lookups are only read from the first record's side, so its record holds the field.
        var (holder, target) = way.Holder.Id == first.Id ? (record, other) : (other, record);
        ToolSession.EnsureGenericWrite(way.Holder, GenericAccess.Put, "updated");
        answer = answer with { By = way.Describe() };
        var current = holder.GetLong(way.Field.Name) ?? 0;
        if ((link && current == target.Id) || (!link && current != target.Id))
        {
            return ToolOutput.Json(answer with
            {
                Changed = false,
                Note = link
                    ? "They are already linked; nothing was sent."
                    : current == 0 ? "They are not linked; nothing was sent." : $"They are not linked: {way.Field.Alias} of {way.Holder.SingularName.ToLowerInvariant()} {holder.Id} is {current}. Nothing was sent.",
            });
        }

        var value = link ? target.Id.ToString(CultureInfo.InvariantCulture) : "0";
        var request = ObjectRequests.Update(way.Holder.Id, holder.Id, new JsonObject { [way.Field.Name] = value });
        answer = answer with { Replaces = link && current > 0 ? current : null };
        if (dryRun)
        {
            return ToolOutput.DryRun([request], RelationshipDryRun.Of(answer));
        }

        await session.Client.Objects.UpdateAsync(request, cancellationToken);
        return ToolOutput.Json(answer with { Changed = true });
    }

    private async Task<CallToolResult> ByRelationshipAsync(string name, ObjectType first, OntraportRecord record, ObjectType second, OntraportRecord other, bool link, RelationshipAnswer answer, bool dryRun, CancellationToken cancellationToken)
    {
        var reversed = await _links.IsUsedReversedAsync(first, second, name, cancellationToken);
        var (parentType, parent, childType, child) = reversed ? (second, other, first, record) : (first, record, second, other);
        answer = answer with { By = $"Custom Object Relationship '{name}' ({parentType.SingularName.ToLowerInvariant()} {parent.Id} → {childType.SingularName.ToLowerInvariant()} {child.Id})" };
        var rows = await _links.RowsBetweenAsync(parentType.Id, parent.Id, childType.Id, child.Id, name, cancellationToken);
        if (link == rows.Count > 0)
        {
            return ToolOutput.Json(answer with { Changed = false, Note = link ? "They are already linked; nothing was sent." : "They are not linked by this relationship; nothing was sent." });
        }

        List<OntraportRequest> requests = link
            ? [RelationshipRequests.Link(name, parentType.Id, parent.Id, childType.Id, child.Id)]
            : [.. rows.Select(r => RelationshipRequests.Unlink(r.Id))];
        if (dryRun)
        {
            return ToolOutput.DryRun(requests, RelationshipDryRun.Of(answer));
        }

        foreach (var request in requests)
        {
            await session.Client.SendAsync(request, cancellationToken);
        }

        return ToolOutput.Json(answer with { Changed = true });
    }

    private async Task<OntraportRecord> FirstRecordAsync(ObjectType type, long? id, string? contact, CancellationToken cancellationToken)
    {
        if (id is { } recordId)
        {
            return await session.Client.Objects.GetAsync(type.Id, recordId, cancellationToken)
                ?? throw new ToolInputException($"There is no {type.SingularName.ToLowerInvariant()} with id {recordId}.");
        }

        return await lookup.ContactAsync(contact, cancellationToken);
    }

    private async Task<OntraportRecord> RelatedRecordAsync(ObjectType type, string related, CancellationToken cancellationToken)
    {
        if (type.Id == ObjectTypeIds.Contact)
        {
            return await lookup.ContactAsync(related, cancellationToken, "related");
        }

        var metadata = await session.MetadataAsync(type, cancellationToken);
        var nameFields = RecordFields.NameFields(metadata);
        return await lookup.ByIdOrNameAsync(type, related, nameFields.Count > 0 ? [.. nameFields] : ["name"], "related", cancellationToken);
    }

    private async Task<RecordRef> EchoAsync(ObjectType type, OntraportRecord record, CancellationToken cancellationToken) =>
        RecordRef.Of(record.Id, RecordFields.DisplayName(record, RecordFields.NameFields(await session.MetadataAsync(type, cancellationToken))), type.Name);
}
