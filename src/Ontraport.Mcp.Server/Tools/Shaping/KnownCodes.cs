namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>
/// Code → word tables for system fields whose meaning Ontraport's metadata does not carry (API reference §5). When the
/// metadata lists options for a field, those win; these are the fallback. One table, so a correction lands in one place.
/// </summary>
public static class KnownCodes
{
    private static readonly Dictionary<(int ObjectTypeId, string Field), IReadOnlyDictionary<string, string>> Tables = new()
    {
        [(0, "bulk_mail")] = Map(("0", "transactional only"), ("1", "opted-in"), ("2", "double opt-in"), ("-2", "hard bounce"), ("-5", "under review")),
        [(0, "bulk_sms")] = Map(("0", "opted out"), ("1", "opted-in"), ("2", "double opt-in"), ("-2", "hard bounce")),
        [(0, "priority")] = Map(("0", "none"), ("8", "high"), ("9", "medium"), ("10", "low")),
        [(1, "status")] = Map(("0", "pending"), ("1", "complete"), ("2", "cancelled")),
        [(1, "type")] = Map(("0", "normal"), ("-1", "fulfillment")),
        [(17, "status")] = Map(("0", "collections"), ("1", "paid"), ("2", "declined"), ("3", "voided"), ("4", "refunded"), ("5", "written off"), ("7", "pending")),
        [(17, "type")] = Map(("0", "one-time"), ("1", "subscription"), ("2", "payment plan"), ("3", "trial payment")),
        [(45, "status")] = Map(("1", "active"), ("2", "expired"), ("3", "active (default)"), ("4", "expired (default)")),
        [(45, "type")] = Map(("1", "Visa"), ("2", "Mastercard"), ("3", "American Express"), ("4", "Discover"), ("5", "PayPal")),
        [(46, "status")] = Client.Transactions.InvoiceMapping.StatusWords,
        [(227, "status")] = Client.Transactions.InvoiceMapping.PaymentStatusWords,
        // Orders (52) and open orders (44): status codes are not public; these follow the sandbox's inferred table.
        [(52, "status")] = Map(("0", "active"), ("1", "cancelled"), ("2", "completed"), ("3", "paused")),
        [(44, "status")] = Map(("0", "active"), ("1", "cancelled"), ("2", "completed"), ("3", "paused")),
    };

    private static readonly HashSet<string> DateFieldNames = new(StringComparer.Ordinal)
    {
        "date", "dlm", "dla", "date_added", "date_due", "date_assigned", "date_complete", "birthday", "last_recharge_date",
        "payment_next_date", "next_charge", "cancellation_date", "send_date", "timestamp", "time",
    };

    public static IReadOnlyDictionary<string, string>? For(int objectTypeId, string field) =>
        Tables.GetValueOrDefault((objectTypeId, field));

    /// <summary>Fields known to hold Unix seconds when the metadata does not say.</summary>
    public static bool IsDateField(string field) => DateFieldNames.Contains(field);

    private static Dictionary<string, string> Map(params (string Code, string Word)[] pairs) =>
        pairs.ToDictionary(p => p.Code, p => p.Word, StringComparer.Ordinal);
}
