using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Http;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Manage;

[McpServerToolType, Toolset(Toolsets.Manage)]
public sealed class ManageSubscriptionsTool(ToolSession session, RecordLookup lookup)
{
    private const string SequencesField = Memberships.SequencesField;
    private const string AutomationsField = Memberships.AutomationsField;

    private readonly RecordTargets _targets = new(session, lookup);
    private readonly NamedRecords _named = new(session, lookup);

    [McpServerTool(Name = "manage_subscriptions", Title = "Subscriptions", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Subscribe or unsubscribe records to sequences or automations.")]
    public async Task<CallToolResult> ManageSubscriptions(
        [AllowedValues("subscribe", "unsubscribe")] string action,
        long[]? sequence_ids = null,
        string[]? sequence_names = null,
        long[]? automation_ids = null,
        string[]? automation_names = null,
        long[]? ids = null,
        string? contact = null,
        long? group_id = null,
        string object_type = "contacts",
        [Range(1, int.MaxValue)] int? confirm_count = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var add = ManageArguments.Choice(action, ["subscribe", "add", "enroll"], ["unsubscribe", "remove"]);
        var sequenceIds = ManageArguments.Ids(sequence_ids, "sequence_ids");
        var sequenceNames = ManageArguments.Names(sequence_names, "sequence_names");
        var automationIds = ManageArguments.Ids(automation_ids, "automation_ids");
        var automationNames = ManageArguments.Names(automation_names, "automation_names");
        var wantsSequences = sequenceIds.Count + sequenceNames.Count > 0;
        var wantsAutomations = automationIds.Count + automationNames.Count > 0;
        if (!wantsSequences && !wantsAutomations)
        {
            throw new ToolInputException("Say what to subscribe to: sequence_ids or sequence_names, and/or automation_ids or automation_names.");
        }

        var type = await session.ObjectTypeAsync(object_type, cancellationToken);
        RecordTargets.Check(type, ids, contact, group_id);
        var metadata = await session.MetadataAsync(type, cancellationToken);
        foreach (var (wanted, membership, what) in new[] { (wantsSequences, Membership.Sequences, "sequences"), (wantsAutomations, Membership.Automations, "automations") })
        {
            if (wanted && !Memberships.Carries(type, metadata, membership))
            {
                throw new ToolInputException($"{type.Name} records cannot be subscribed to {what}; contacts, deals, companies and custom objects can.");
            }
        }

        var sequences = wantsSequences ? await ResolveAsync(ObjectTypeIds.Sequence, type, sequenceIds, sequenceNames, "sequence", cancellationToken) : [];
        var automations = wantsAutomations ? await ResolveAsync(ObjectTypeIds.Automation, type, automationIds, automationNames, "automation", cancellationToken) : [];
        var target = await _targets.ReadAsync(type, ids, contact, group_id, [SequencesField, AutomationsField], cancellationToken);

        var answer = new SubscriptionsAnswer
        {
            Action = add ? "subscribe" : "unsubscribe",
            ObjectType = type.Name,
            Contact = target.Echo.Contact,
            Group = target.Echo.Group,
            Ids = target.Echo.Ids,
            Records = target.Count,
            Sequences = sequences.Count == 0 ? null : [.. sequences.Select(Summary)],
            Automations = automations.Count == 0 ? null : [.. automations.Select(Summary)],
        };
        var requests = new List<OntraportRequest>();
        var changing = 0L;
        foreach (var (kind, list, field) in new[] { (SubscriptionKind.Sequence, sequences, SequencesField), (SubscriptionKind.Automation, automations, AutomationsField) })
        {
            if (list.Count == 0)
            {
                continue;
            }

            var listIds = list.Select(r => r.Id).ToList();
            var count = target.Records is { } records ? MembershipLists.Changing(records, field, listIds, add) : target.Count;
            if (count > 0)
            {
                changing = Math.Max(changing, count);
                requests.Add(ObjectRequests.Subscribe(type.Id, add, kind, listIds, target.Selection));
            }
        }

        answer = answer with
        {
            Changing = target.Records is not null ? changing : null,
            Paused = add && sequences.Concat(automations).Where(r => r["pause"] == "1").ToList() is { Count: > 0 } paused
                ? $"{string.Join(", ", paused.Select(p => $"'{p["name"]}'"))} {(paused.Count == 1 ? "is" : "are")} paused: subscribers wait until it is unpaused (pause_unpause_objects)."
                : null,
        };
        if (requests.Count == 0)
        {
            return ToolOutput.Json(answer with
            {
                Note = target.Count == 0
                    ? "The group has no members; nothing was sent."
                    : $"Every record is already {(add ? "subscribed" : "unsubscribed")}; nothing was sent.",
            });
        }

        if (dry_run)
        {
            return ToolOutput.BulkDryRun(requests, AnswerNodes.Of(answer), target.Count, "act on");
        }

        ToolSession.EnsureBulkConfirmed(target.Count, confirm_count, add ? "subscribe" : "unsubscribe");
        return ToolOutput.Json(answer with { Ontraport = await session.SendActionsAsync(requests, cancellationToken) });
    }

    private async Task<IReadOnlyList<OntraportRecord>> ResolveAsync(int listTypeId, ObjectType recordType, IReadOnlyList<long> ids, IReadOnlyList<string> names, string what, CancellationToken cancellationToken)
    {
        var listType = ObjectTypeCatalog.BuiltIn.Find(listTypeId)!;
        var found = await _named.ResolveAsync(listType, ids, names, what + "_ids", what + "_names", ["name", "pause", "object_type_id"], cancellationToken);
        if (found.FirstOrDefault(r => (r.GetLong("object_type_id") ?? 0) != recordType.Id) is { } other)
        {
            throw new ToolInputException($"{what} {other.Id} '{other["name"]}' is for {ObjectTypeCatalog.BuiltIn.Find((int)(other.GetLong("object_type_id") ?? 0))?.Name ?? "another object type"}, not {recordType.Name}.");
        }

        return found;
    }

    private static ListedRef Summary(OntraportRecord record) => new(record.Id, record["name"], record["pause"] == "1" ? "paused" : null);
}
