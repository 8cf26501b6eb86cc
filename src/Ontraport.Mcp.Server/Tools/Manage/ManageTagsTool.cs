using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Http;
using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Manage;

[McpServerToolType, Toolset(Toolsets.Manage)]
public sealed class ManageTagsTool(ToolSession session, RecordLookup lookup)
{
    private readonly RecordTargets _targets = new(session, lookup);
    private readonly TagCatalog _tags = new(session);
    private const string TagsField = Memberships.TagsField;

    [McpServerTool(Name = "manage_tags", Title = "Add or remove tags", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Add or remove tags on records; adding creates missing tags.")]
    public async Task<CallToolResult> ManageTags(
        [AllowedValues("add", "remove")] string action,
        long[]? tag_ids = null,
        string[]? tag_names = null,
        long[]? ids = null,
        string? contact = null,
        long? group_id = null,
        string object_type = "contacts",
        [Range(1, int.MaxValue)] int? confirm_count = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var add = ManageArguments.Choice(action, ["add"], ["remove"]);
        var tagIds = ManageArguments.Ids(tag_ids, "tag_ids");
        var names = ManageArguments.Names(tag_names, "tag_names");
        if (tagIds.Count == 0 && names.Count == 0)
        {
            throw new ToolInputException("Give the tags: tag_ids (e.g. [3]) or tag_names (e.g. [\"warm lead\"]).");
        }

        var type = await session.ObjectTypeAsync(object_type, cancellationToken);
        RecordTargets.Check(type, ids, contact, group_id);
        var metadata = await session.MetadataAsync(type, cancellationToken);
        if (!Memberships.Carries(type, metadata, Membership.Tags))
        {
            throw new ToolInputException($"{type.Name} records carry no tags. Tags apply to contacts, deals, companies and custom objects.");
        }

        IReadOnlyList<OntraportRecord> byId = tagIds.Count > 0 ? await _tags.ByIdsAsync(type, tagIds, cancellationToken) : [];
        IReadOnlyList<OntraportRecord> byName = [];
        IReadOnlyList<string> unknown = [];
        if (names.Count > 0)
        {
            (byName, unknown) = await _tags.ByNamesAsync(type, names, cancellationToken);
        }
        if (!add && unknown.Count > 0)
        {
            throw new ToolInputException($"tag_names: no {type.SingularName.ToLowerInvariant()} tag is named {string.Join(", ", unknown.Select(n => $"'{n}'"))}; nothing was removed." +
                await _tags.SuggestAsync(type, unknown, cancellationToken));
        }

        var target = await _targets.ReadAsync(type, ids, contact, group_id, [TagsField], cancellationToken);
        var known = byId.Concat(byName).DistinctBy(t => t.Id).ToList();
        var changing = target.Records is { } records
            ? unknown.Count > 0 ? records.Count : MembershipLists.Changing(records, TagsField, [.. known.Select(t => t.Id)], add)
            : target.Count;
        var answer = new TagsAnswer
        {
            Action = add ? "add" : "remove",
            ObjectType = type.Name,
            Contact = target.Echo.Contact,
            Group = target.Echo.Group,
            Ids = target.Echo.Ids,
            Records = target.Count,
            Tags = [.. known.Select(t => new ListedRef(t.Id, t["tag_name"]))],
            WouldCreateTags = unknown.Count > 0 && dry_run ? unknown : null,
            CreatedTags = unknown.Count > 0 && !dry_run ? unknown : null,
            Changing = target.Records is not null ? changing : null,
        };
        if (changing == 0)
        {
            return ToolOutput.Json(answer with
            {
                Note = target.Count == 0
                    ? "The group has no members; nothing was sent."
                    : $"Every record already {(add ? "has" : "lacks")} these tags; nothing was sent.",
            });
        }

        var requests = new List<OntraportRequest>();
        if (byId.Count > 0)
        {
            requests.Add(ObjectRequests.Tag(type.Id, add, tagIds, target.Selection));
        }

        if (names.Count > 0)
        {
            // Existing names are sent as the tags spell them; new ones as given (Ontraport creates them).
            var spelled = names.Select(n => byName.FirstOrDefault(t => string.Equals(t["tag_name"]?.Trim(), n, StringComparison.OrdinalIgnoreCase))?["tag_name"] ?? n).ToList();
            requests.Add(ObjectRequests.TagByName(type.Id, add, spelled, target.Selection));
        }

        if (dry_run)
        {
            return ToolOutput.BulkDryRun(requests, AnswerNodes.Of(answer), target.Count, "act on");
        }

        ToolSession.EnsureBulkConfirmed(target.Count, confirm_count, add ? "tag" : "untag");
        return ToolOutput.Json(answer with
        {
            Ontraport = await session.SendActionsAsync(requests, cancellationToken),
            Note = "Ontraport applies tag changes in the background; tag-triggered automations and rules run for the records that changed.",
        });
    }
}
