namespace Ontraport.Sandbox;

/// <summary>What the sandbox's test gateway did with a card: a charge, a refund or a released authorization.</summary>
public enum SandboxLedgerKind
{
    Charge,
    Refund,
    Void,
}

/// <summary>
/// One line of an account's gateway ledger: the card network's view of the account, kept apart from Ontraport's own
/// records so a test can prove how many times a card was really charged, whatever the invoices say.
/// </summary>
/// <param name="Sequence">1, 2, 3… per account, in order.</param>
/// <param name="Time">When the gateway acted, on the sandbox clock.</param>
/// <param name="Kind">Charge, refund or void.</param>
/// <param name="GatewayId">The Gateways (70) record used.</param>
/// <param name="CardId">The Credit Cards (45) record.</param>
/// <param name="CardLast4">The card's last four digits.</param>
/// <param name="ContactId">The card holder's contact id.</param>
/// <param name="InvoiceId">The transaction (46) the money belongs to.</param>
/// <param name="Amount">The amount, always positive.</param>
/// <param name="Currency">The gateway's currency.</param>
/// <param name="Approved">False when the gateway declined (nothing moved).</param>
/// <param name="AnswerLost">True when the gateway acted but the API never answered the caller (a timeout).</param>
/// <param name="ExternalTransactionId">The gateway's id for it (<c>external_txn</c>).</param>
public sealed record SandboxLedgerEntry(
    long Sequence,
    DateTimeOffset Time,
    SandboxLedgerKind Kind,
    long GatewayId,
    long CardId,
    string CardLast4,
    long ContactId,
    long InvoiceId,
    decimal Amount,
    string Currency,
    bool Approved,
    bool AnswerLost,
    string ExternalTransactionId)
{
    /// <summary>True for a charge that took money from the card.</summary>
    public bool IsCapturedCharge => Kind == SandboxLedgerKind.Charge && Approved;
}
