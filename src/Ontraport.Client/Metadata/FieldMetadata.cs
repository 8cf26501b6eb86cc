namespace Ontraport.Client.Metadata;

/// <summary>How a field's values behave, derived from the meta <c>type</c> (API reference §2.4–2.5).</summary>
public enum FieldKind
{
    Text,
    Email,
    Phone,
    Number,
    Money,

    /// <summary>Unix seconds stored as a string (<c>timestamp</c>, <c>fulldate</c>, <c>date</c>); "0" means unset.</summary>
    Date,

    /// <summary>One option of <see cref="FieldMetadata.Options"/>, stored as the option's key.</summary>
    DropDown,

    /// <summary>Several options, stored <c>*/*</c>-delimited.</summary>
    MultiSelect,
    Checkbox,

    /// <summary>A lookup to a record of <see cref="FieldMetadata.ParentObjectId"/> (type <c>parent</c>), stored as that record's id.</summary>
    Lookup,
    Other,
}

/// <summary>One field of an object type as <c>GET objects/meta</c> describes it.</summary>
public sealed record FieldMetadata
{
    public required string Name { get; init; }

    /// <summary>The human label ("First Name", "Lifetime Value").</summary>
    public required string Alias { get; init; }

    /// <summary>The raw meta type (text, email, numeric, price, timestamp, fulldate, drop, list, check, parent, …).</summary>
    public required string Type { get; init; }

    public bool Required { get; init; }

    public bool Unique { get; init; }

    public bool Editable { get; init; } = true;

    /// <summary>Drop-down and list options: stored key → label.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>For lookup (<c>parent</c>) fields: the object type the value points at.</summary>
    public int? ParentObjectId { get; init; }

    public FieldKind Kind => Type.ToLowerInvariant() switch
    {
        "text" or "longtext" or "address" or "country" or "state" or "url" or "mergefield" => FieldKind.Text,
        "email" => FieldKind.Email,
        "phone" or "sms" => FieldKind.Phone,
        "numeric" => FieldKind.Number,
        "price" => FieldKind.Money,
        "timestamp" or "fulldate" or "date" => FieldKind.Date,
        "drop" => FieldKind.DropDown,
        "list" => FieldKind.MultiSelect,
        "check" => FieldKind.Checkbox,
        "parent" => FieldKind.Lookup,
        _ => FieldKind.Other,
    };
}
