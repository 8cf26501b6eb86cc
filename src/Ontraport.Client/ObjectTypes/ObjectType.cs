namespace Ontraport.Client.ObjectTypes;

/// <summary>One Ontraport object type: its numeric id (the API's <c>objectID</c>), names, and what the generic tools may do with it.</summary>
public sealed record ObjectType
{
    /// <summary>Custom objects have ids from 10000 up (API reference §4).</summary>
    public const int FirstCustomObjectId = 10000;

    public required int Id { get; init; }

    /// <summary>Plural display name, as the seed's "Available objects" table names it (e.g. "Contacts", "Automations").</summary>
    public required string Name { get; init; }

    /// <summary>Singular name (e.g. "Contact").</summary>
    public required string SingularName { get; init; }

    /// <summary>Where the seed files it: Core CRM, Marketing &amp; Automation, Commerce &amp; Billing, Partners &amp; Affiliates, System Apps, Custom Objects.</summary>
    public required string Category { get; init; }

    public required string Description { get; init; }

    public required GenericAccess Access { get; init; }

    /// <summary>Other names an agent may use: API endpoint names, legacy keys, common synonyms. Matched case- and punctuation-insensitively.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>
    /// The seed documents tags, sequences and automations on this type (contacts, deals, companies, custom objects).
    /// Metadata may add the capability to other types (<see cref="Memberships.Carries"/>), never remove it from these.
    /// </summary>
    public bool CarriesMemberships { get; init; }

    /// <summary>False for types the client needs internally (Users) but does not resolve from an agent's words.</summary>
    public bool Exposed { get; init; } = true;

    public bool IsCustom => Id >= FirstCustomObjectId;

    public bool Allows(GenericAccess access) => (Access & access) == access;

    public override string ToString() => $"{Name} ({Id})";
}
