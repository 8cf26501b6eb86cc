using Ontraport.Client.Metadata;

namespace Ontraport.Client.ObjectTypes;

/// <summary>What a record can belong to: tags, sequences, automations (its membership lists).</summary>
public enum Membership
{
    Tags,
    Sequences,
    Automations,
}

/// <summary>
/// Which types carry tags and subscriptions, and the fields that hold them. The seed documents them on contacts, deals,
/// companies and custom objects (<see cref="ObjectType.CarriesMemberships"/>); an account's metadata may add them to
/// another type (it lists the field) but never takes a documented one away: metadata can omit a system field.
/// </summary>
public static class Memberships
{
    /// <summary>The tag list (<c>*/*</c>-delimited ids) [V: ontraport-api.md §5.1; used by every object with tags].</summary>
    public const string TagsField = "contact_cat";

    public const string SequencesField = "updateSequence";

    /// <summary>Automations' legacy name is "campaigns".</summary>
    public const string AutomationsField = "updateCampaign";

    public static string FieldOf(Membership membership) => membership switch
    {
        Membership.Tags => TagsField,
        Membership.Sequences => SequencesField,
        _ => AutomationsField,
    };

    /// <summary>
    /// True when records of <paramref name="type"/> can have <paramref name="membership"/>: documented for the type, or
    /// listed in its metadata, or the metadata says nothing about the type's fields.
    /// </summary>
    public static bool Carries(ObjectType type, ObjectMetadata metadata, Membership membership) =>
        type.CarriesMemberships ||
        metadata.Fields.Count == 0 ||
        string.Equals(metadata.FindField(FieldOf(membership))?.Name, FieldOf(membership), StringComparison.Ordinal);
}
