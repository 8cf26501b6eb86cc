using Ontraport.Client.Conditions;

namespace Ontraport.Client.Engagement;

/// <summary>
/// Who is on a tag, a sequence or an automation, as criteria.
/// <list type="bullet">
/// <item>Tags: rows of Tag Subscribers (138) with the tag's id and the record type (the 2026-04-09 changelog adds
/// <c>object_type_id</c> to that endpoint) [D; field names inferred, see <see cref="EngagementFields.Subscribers"/>].</item>
/// <item>Sequences: rows of Sequence Subscribers (8), the same way [D; inferred field names].</item>
/// <item>Automations: INFERRED. No join table for automations is documented; a record's automations are its
/// <c>updateCampaign</c> id list (<c>*/*3*/*5*/*</c>, API reference §2.3 [V]), so membership is a LIKE on that list.
/// Correct it here if the live API offers a better read.</item>
/// </list>
/// </summary>
public static class SubscriberCriteria
{
    /// <summary>The field holding a record's automations (API reference §2.3).</summary>
    public const string AutomationsField = ObjectTypes.Memberships.AutomationsField;

    public static Criteria TagMembers(long tagId, int objectTypeId) =>
        Criteria.Where(Condition.Compare(EngagementFields.Subscribers.TagId, ConditionOperator.Equal, ConditionLiteral.Of(tagId)))
            .And(Condition.Compare(EngagementFields.Subscribers.ObjectType, ConditionOperator.Equal, ConditionLiteral.Of(objectTypeId)));

    public static Criteria SequenceMembers(long sequenceId, int objectTypeId) =>
        Criteria.Where(Condition.Compare(EngagementFields.Subscribers.SequenceId, ConditionOperator.Equal, ConditionLiteral.Of(sequenceId)))
            .And(Condition.Compare(EngagementFields.Subscribers.ObjectType, ConditionOperator.Equal, ConditionLiteral.Of(objectTypeId)));

    /// <summary>Records whose <c>updateCampaign</c> list holds <paramref name="automationId"/> (INFERRED, see above).</summary>
    public static Criteria AutomationMembers(long automationId) =>
        Criteria.Where(Condition.Compare(AutomationsField, ConditionOperator.Like,
            ConditionLiteral.Of(Objects.IdList.LikePattern(automationId))));
}
