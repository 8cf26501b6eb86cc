namespace Ontraport.Sandbox.Schema;

/// <summary>One field of an object type: what <c>objects/meta</c> and <c>objects/fieldeditor</c> describe.</summary>
internal sealed record FieldDefinition(string Name, string Alias, string Type, string Section)
{
    public bool Required { get; init; }

    public bool Unique { get; init; }

    public bool Editable { get; init; } = true;

    public bool Deletable { get; init; }

    /// <summary>Drop-down and list options, key to label, in display order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Options { get; init; } = [];

    /// <summary>For lookup (<c>parent</c>) fields: the object type the value points at.</summary>
    public int? ParentObject { get; init; }

    /// <summary>The numeric id the field editor shows.</summary>
    public int EditorId { get; init; }

    public bool IsNumeric => FieldType.IsNumeric(Type);
}
