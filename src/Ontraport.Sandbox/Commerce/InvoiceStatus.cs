namespace Ontraport.Sandbox.Commerce;

/// <summary>
/// Transaction (46) <c>status</c> codes: 0–7 as ontraport-api.md §5.2 lists them (0 read as "in collections"), 8 and 9
/// INFERRED for the 2025 invoices (see <see cref="SandboxChoices.InvoiceDraft"/>).
/// </summary>
internal static class InvoiceStatus
{
    public const string Collections = "0";
    public const string Paid = "1";
    public const string Refunded = "2";
    public const string PartiallyRefunded = "3";
    public const string Voided = "4";
    public const string Declined = "5";
    public const string WrittenOff = "6";
    public const string Pending = "7";
    public const string Draft = SandboxChoices.InvoiceDraft;
    public const string Open = SandboxChoices.InvoiceOpen;

    /// <summary>Issued and still owed: can be paid, written off, sent to collections or declined.</summary>
    public static bool IsUnpaid(string? status) => status is Open or Collections or Declined;

    /// <summary>Settled money that can be refunded.</summary>
    public static bool IsSettled(string? status) => status is Paid or PartiallyRefunded;

    public static string Word(string? status) => status switch
    {
        Collections => "in collections",
        Paid => "paid",
        Refunded => "refunded",
        PartiallyRefunded => "partially refunded",
        Voided => "voided",
        Declined => "declined",
        WrittenOff => "written off",
        Pending => "pending",
        Draft => "a draft",
        Open => "open",
        _ => $"in status {status}",
    };
}
