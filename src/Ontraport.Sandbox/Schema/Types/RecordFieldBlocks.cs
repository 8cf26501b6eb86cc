namespace Ontraport.Sandbox.Schema.Types;

/// <summary>Field groups shared by several object types.</summary>
internal static class RecordFieldBlocks
{
    public static readonly (string Key, string Label)[] BulkMail =
    [
        ("0", "Transactional Only"), ("1", "Opted-in"), ("2", "Double opt-in"), ("-2", "Hard bounce"), ("-5", "Under review"),
    ];

    public static readonly (string Key, string Label)[] BulkSms =
    [
        ("0", "Opted-out"), ("1", "Opted-in"), ("2", "Double opt-in"), ("-2", "Hard bounce"),
    ];

    public static readonly (string Key, string Label)[] LiveOrPaused = [("0", "Live"), ("1", "Paused")];

    /// <summary>
    /// The server fields of contact-like records (custom objects, deals, companies), in the order the
    /// create response of a custom object shows them (ontraport-api.md §2.3).
    /// </summary>
    public static ObjectTypeBuilder RecordSystemFields(this ObjectTypeBuilder builder) => builder
        .Section("System Information")
        .Parent("owner", "Owner", ObjectTypeIds.User)
        .Timestamp("date", "Date Added")
        .Timestamp("dla", "Date of Last Activity")
        .Timestamp("dlm", "Date Modified")
        .System("system_source", "System Source", FieldType.Numeric)
        .System("source_location", "Source Location")
        .System("ip_addy", "IP Address")
        .System("ip_addy_display", "IP Address")
        .System("import_id", "Import ID", FieldType.Numeric)
        .Field("contact_cat", "Tags", FieldType.Subscription)
        .Drop("bulk_mail", "Bulk Email Status", BulkMail)
        .Drop("bulk_sms", "Bulk SMS Status", BulkSms)
        .System("bindex", "Score", FieldType.Numeric)
        .Field("updateSequence", "Sequences", FieldType.Subscription)
        .Field("updateCampaign", "Automations", FieldType.Subscription)
        .System("unique_id", "Unique ID");
}
