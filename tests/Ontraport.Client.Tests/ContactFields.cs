using Ontraport.Client.Metadata;

namespace Ontraport.Client.Tests;

/// <summary>A Contacts metadata fixture with one field of each kind the parser treats differently.</summary>
public static class ContactFields
{
    public static ObjectMetadata Metadata { get; } = new(0, "Contact",
    [
        new FieldMetadata { Name = "firstname", Alias = "First Name", Type = "text" },
        new FieldMetadata { Name = "lastname", Alias = "Last Name", Type = "text" },
        new FieldMetadata { Name = "email", Alias = "Email", Type = "email" },
        new FieldMetadata { Name = "state", Alias = "State", Type = "state" },
        new FieldMetadata { Name = "city", Alias = "City", Type = "text" },
        new FieldMetadata { Name = "spent", Alias = "Lifetime Value", Type = "price" },
        new FieldMetadata { Name = "date", Alias = "Date Added", Type = "timestamp" },
        new FieldMetadata { Name = "dla", Alias = "Date of Last Activity", Type = "timestamp" },
        new FieldMetadata { Name = "birthday", Alias = "Birthday", Type = "fulldate" },
        new FieldMetadata { Name = "id", Alias = "Contact ID", Type = "numeric" },
        new FieldMetadata { Name = "owner", Alias = "Owner", Type = "parent", ParentObjectId = 2 },
        new FieldMetadata
        {
            Name = "bulk_mail", Alias = "Bulk Email Status", Type = "drop",
            Options = new Dictionary<string, string> { ["0"] = "Transactional Only", ["1"] = "Opted-in", ["2"] = "Double opt-in", ["-2"] = "Hard bounce" },
        },
        new FieldMetadata { Name = "f1557", Alias = "VIP", Type = "check" },
        new FieldMetadata { Name = "f1600", Alias = "Lead Score", Type = "numeric" },
        new FieldMetadata { Name = "f1700", Alias = "Hours Over Budget", Type = "numeric" },
    ]);
}
