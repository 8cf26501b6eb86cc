using System.Globalization;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Store;

/// <summary>
/// Keeps the three membership lists of a record consistent with the rest of the account:
/// tags (<c>contact_cat</c> ↔ Tag Subscribers 138), sequences (<c>updateSequence</c> ↔ Sequence Subscribers 8)
/// and automations (<c>updateCampaign</c> ↔ the automation's <c>subs</c> counters and Automation Log Items 100).
/// </summary>
internal sealed class Memberships
{
    public const string TagsColumn = "contact_cat";
    public const string SequencesColumn = "updateSequence";
    public const string AutomationsColumn = "updateCampaign";

    private readonly AccountStore _store;

    public Memberships(AccountStore store)
    {
        _store = store;
    }

    public static bool IsMembershipColumn(string column) =>
        column is TagsColumn or SequencesColumn or AutomationsColumn;

    public bool AddTag(ObjectTypeSchema type, Record record, long tagId, string now)
    {
        var tags = IdList.Parse(record[TagsColumn]);
        if (tags.Contains(tagId) || _store.Find(ObjectTypeIds.Tag, tagId) is null)
        {
            return false;
        }

        tags.Add(tagId);
        record[TagsColumn] = IdList.Format(tags);
        var row = _store.Table(ObjectTypeIds.TagSubscriber).Create();
        row["tag_id"] = Text(tagId);
        row["object_type_id"] = Text(type.Id);
        row["object_id"] = Text(record.Id);
        row["date"] = now;
        return true;
    }

    public bool RemoveTag(ObjectTypeSchema type, Record record, long tagId)
    {
        var tags = IdList.Parse(record[TagsColumn]);
        if (!tags.Remove(tagId))
        {
            return false;
        }

        record[TagsColumn] = IdList.Format(tags);
        RemoveJoinRows(ObjectTypeIds.TagSubscriber, "tag_id", tagId, type.Id, record.Id);
        return true;
    }

    public bool AddSequence(ObjectTypeSchema type, Record record, long sequenceId, string now)
    {
        var sequences = IdList.Parse(record[SequencesColumn]);
        if (sequences.Contains(sequenceId) || _store.Find(ObjectTypeIds.Sequence, sequenceId) is null)
        {
            return false;
        }

        sequences.Add(sequenceId);
        record[SequencesColumn] = IdList.Format(sequences);
        var row = _store.Table(ObjectTypeIds.SequenceSubscriber).Create();
        row["sequence_id"] = Text(sequenceId);
        row["object_type_id"] = Text(type.Id);
        row["object_id"] = Text(record.Id);
        row["subscribed"] = "1";
        row["step"] = "1";
        row["pause"] = "0";
        row["date"] = now;
        row["dlm"] = now;
        return true;
    }

    public bool RemoveSequence(ObjectTypeSchema type, Record record, long sequenceId)
    {
        var sequences = IdList.Parse(record[SequencesColumn]);
        if (!sequences.Remove(sequenceId))
        {
            return false;
        }

        record[SequencesColumn] = IdList.Format(sequences);
        RemoveJoinRows(ObjectTypeIds.SequenceSubscriber, "sequence_id", sequenceId, type.Id, record.Id);
        return true;
    }

    public bool AddAutomation(ObjectTypeSchema type, Record record, long automationId, string now)
    {
        var automations = IdList.Parse(record[AutomationsColumn]);
        var automation = _store.Find(ObjectTypeIds.Automation, automationId);
        if (automations.Contains(automationId) || automation is null)
        {
            return false;
        }

        automations.Add(automationId);
        record[AutomationsColumn] = IdList.Format(automations);
        automation["subs"] = Text((automation.Long("subs") ?? 0) + 1);
        automation["subs_ever"] = Text((automation.Long("subs_ever") ?? 0) + 1);
        LogAutomation(type, record, automation, "Added to automation", now);
        return true;
    }

    public bool RemoveAutomation(ObjectTypeSchema type, Record record, long automationId, string now)
    {
        var automations = IdList.Parse(record[AutomationsColumn]);
        if (!automations.Remove(automationId))
        {
            return false;
        }

        record[AutomationsColumn] = IdList.Format(automations);
        if (_store.Find(ObjectTypeIds.Automation, automationId) is { } automation)
        {
            automation["subs"] = Text(Math.Max(0, (automation.Long("subs") ?? 0) - 1));
            LogAutomation(type, record, automation, "Removed from automation", now);
        }

        return true;
    }

    /// <summary>Applies a membership column written through create/update (e.g. <c>contact_cat=*/*1*/*2*/*</c>).</summary>
    public void SetColumn(ObjectTypeSchema type, Record record, string column, string? value, string now)
    {
        var desired = IdList.Parse(value);
        var current = IdList.Parse(record[column]);
        foreach (var id in current.Except(desired))
        {
            _ = column switch
            {
                TagsColumn => RemoveTag(type, record, id),
                SequencesColumn => RemoveSequence(type, record, id),
                _ => RemoveAutomation(type, record, id, now),
            };
        }

        foreach (var id in desired.Except(current))
        {
            _ = column switch
            {
                TagsColumn => AddTag(type, record, id, now),
                SequencesColumn => AddSequence(type, record, id, now),
                _ => AddAutomation(type, record, id, now),
            };
        }

        record[column] ??= string.Empty;
    }

    /// <summary>Drops a deleted record from every membership.</summary>
    public void Forget(ObjectTypeSchema type, Record record, string now)
    {
        foreach (var id in IdList.Parse(record[AutomationsColumn]))
        {
            RemoveAutomation(type, record, id, now);
        }

        RemoveJoinRows(ObjectTypeIds.TagSubscriber, null, 0, type.Id, record.Id);
        RemoveJoinRows(ObjectTypeIds.SequenceSubscriber, null, 0, type.Id, record.Id);
        switch (type.Id)
        {
            case ObjectTypeIds.Tag:
                ForgetListMember(TagsColumn, record.Id);
                RemoveRows(ObjectTypeIds.TagSubscriber, row => row.Long("tag_id") == record.Id);
                break;
            case ObjectTypeIds.Sequence:
                ForgetListMember(SequencesColumn, record.Id);
                RemoveRows(ObjectTypeIds.SequenceSubscriber, row => row.Long("sequence_id") == record.Id);
                break;
            case ObjectTypeIds.Automation:
                ForgetListMember(AutomationsColumn, record.Id);
                break;
            default:
                break;
        }
    }

    private void ForgetListMember(string column, long id)
    {
        foreach (var type in _store.Catalog.Types.Where(t => t.HasField(column)))
        {
            foreach (var record in _store.Table(type).Rows)
            {
                var ids = IdList.Parse(record[column]);
                if (ids.Remove(id))
                {
                    record[column] = IdList.Format(ids);
                }
            }
        }
    }

    private void LogAutomation(ObjectTypeSchema type, Record record, Record automation, string what, string now)
    {
        var row = _store.Table(ObjectTypeIds.AutomationLogItem).Create();
        row["contact_id"] = Text(record.Id);
        row["object_type_id"] = Text(type.Id);
        row["campaign_id"] = Text(automation.Id);
        row["description"] = $"{what}: {automation["name"]}";
        row["date"] = now;
    }

    private void RemoveJoinRows(int joinTypeId, string? keyColumn, long keyId, int objectTypeId, long objectId) =>
        RemoveRows(joinTypeId, row => (keyColumn is null || row.Long(keyColumn) == keyId)
            && row.Long("object_type_id") == objectTypeId && row.Long("object_id") == objectId);

    private void RemoveRows(int typeId, Func<Record, bool> match)
    {
        var table = _store.Table(typeId);
        foreach (var id in table.Rows.Where(match).Select(r => r.Id).ToList())
        {
            table.Remove(id);
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
