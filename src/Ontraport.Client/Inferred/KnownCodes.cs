using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Transactions;

namespace Ontraport.Client.Inferred;

/// <summary>
/// Code → word tables for system fields whose meaning an account's metadata does not carry. When the metadata lists
/// options for a field, those win; these are the fallback. Each table names its source in ontraport-api.md; none is
/// taken from the sandbox (an independent implementation is what makes it a real test). One of the client's labelled
/// guesses (README "Inferred API mappings"): correct a code here and every tool follows.
/// </summary>
public static class KnownCodes
{
    private static readonly Dictionary<(int ObjectTypeId, string Field), IReadOnlyDictionary<string, string>> Tables = new()
    {
        // §5.1 [V: NET BulkMailStatus/BulkSmsStatus, DB types/contact.ts]; priority [V: NET].
        [(ObjectTypeIds.Contact, "bulk_mail")] = Map(("0", "transactional only"), ("1", "opted-in"), ("2", "double opt-in"), ("-2", "hard bounce"), ("-5", "under review")),
        [(ObjectTypeIds.Contact, "bulk_sms")] = Map(("0", "opted out"), ("1", "opted-in"), ("2", "double opt-in"), ("-2", "hard bounce")),
        [(ObjectTypeIds.Contact, "priority")] = Map(("0", "none"), ("8", "high"), ("9", "medium"), ("10", "low")),

        // §5.3 [V: NET ApiTask].
        [(ObjectTypeIds.Task, "status")] = Map(("0", "pending"), ("1", "complete"), ("2", "cancelled")),
        [(ObjectTypeIds.Task, "type")] = Map(("0", "normal"), ("-1", "fulfillment")),

        // §5.2 Purchase (17) status and type [V: NET, one source only].
        [(ObjectTypeIds.Purchase, "status")] = Map(("0", "collections"), ("1", "paid"), ("2", "declined"), ("3", "voided"), ("4", "refunded"), ("5", "written off"), ("7", "pending")),
        [(ObjectTypeIds.Purchase, "type")] = Map(("0", "one-time"), ("1", "subscription"), ("2", "payment plan"), ("3", "trial payment")),

        // §5.4 CreditCard status [V: SDK-T, LOG, NET]; ccType brands §5.1 (the list is incomplete: SDK-T shows type "6").
        [(ObjectTypeIds.CreditCard, "status")] = Map(("1", "active"), ("2", "expired"), ("3", "active (default)"), ("4", "expired (default)")),
        [(ObjectTypeIds.CreditCard, "type")] = Map(("1", "Visa"), ("2", "Mastercard"), ("3", "American Express"), ("4", "Discover"), ("5", "PayPal")),

        // Transactions and Payments: see InvoiceMapping (statuses 0–7 NET only; 8, 9 and Payments inferred).
        [(ObjectTypeIds.Transaction, "status")] = InvoiceMapping.StatusWords,
        [(ObjectTypeIds.Payment, "status")] = InvoiceMapping.PaymentStatusWords,

        // Orders (52) and open orders (44): INFERRED. The only capture (§3.4, SDK-T GET transaction/order) is a running
        // order with status "0"; no other code is documented, so other codes are left to the account's metadata options.
        [(ObjectTypeIds.Order, "status")] = Map(("0", "active")),
        [(ObjectTypeIds.OpenOrder, "status")] = Map(("0", "active")),
    };

    /// <summary>Fields that hold Unix seconds (§5.1, §6.2) when the metadata does not say.</summary>
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
