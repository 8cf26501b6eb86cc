namespace Ontraport.Sandbox;

/// <summary>The account's gateway ledger (see <see cref="SandboxLedgerEntry"/>). Empty when the account is seeded.</summary>
public sealed partial class SandboxAccount
{
    private readonly List<SandboxLedgerEntry> _ledger = [];

    /// <summary>Every gateway action of this account, in order (a snapshot).</summary>
    public IReadOnlyList<SandboxLedgerEntry> Ledger
    {
        get
        {
            lock (Gate)
            {
                return _ledger.ToArray();
            }
        }
    }

    /// <summary>How many times the card with these last four digits was charged successfully.</summary>
    public int CapturedChargesOnCard(string last4)
    {
        lock (Gate)
        {
            return _ledger.Count(e => e.IsCapturedCharge && e.CardLast4 == last4);
        }
    }

    /// <summary>Appends to the ledger; called by the test gateway under <see cref="Gate"/>.</summary>
    internal SandboxLedgerEntry AppendLedger(Func<long, SandboxLedgerEntry> create)
    {
        var entry = create(_ledger.Count + 1);
        _ledger.Add(entry);
        return entry;
    }
}
