using ModelContextProtocol.Protocol;
using Ontraport.Client.Http;
using Ontraport.Client.Objects;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

/// <summary>
/// The end of every idempotent state change on one transaction (mark paid, void, write off, convert): the dry run, or the
/// request and the transaction read back, so the answer shows what Ontraport now holds rather than what was asked.
/// </summary>
public static class TransactionAction
{
    public static async Task<CallToolResult> RunAsync(
        Billing billing, OntraportRequest request, OntraportRecord transaction, bool dryRun, string done, CancellationToken cancellationToken)
    {
        var view = await billing.ViewAsync(cancellationToken);
        if (dryRun)
        {
            return ToolOutput.DryRun([request], new TransactionDryRun(view.Invoice(transaction)));
        }

        await billing.Client.SendAsync(request, cancellationToken);
        var (invoice, invoiceId, readBack) = await billing.InvoiceAfterWriteAsync(transaction.Id, view, cancellationToken);
        return ToolOutput.Json(new DoneAnswer(done, invoice, invoiceId, readBack));
    }

    /// <summary>
    /// Moves one transaction to <paramref name="target"/>: nothing is sent when it is already there, a status outside
    /// <paramref name="from"/> is refused, otherwise <paramref name="request"/> is sent (or shown, on a dry run).
    /// </summary>
    public static async Task<CallToolResult> MoveAsync(
        Billing billing, OntraportRecord transaction, TransactionStatus target, IReadOnlyCollection<TransactionStatus> from,
        OntraportRequest request, string done, bool dryRun, CancellationToken cancellationToken)
    {
        if (Billing.StatusOf(transaction) == target)
        {
            return await AlreadyAsync(billing, transaction, InvoiceMapping.Word(target), cancellationToken);
        }

        Billing.Require(transaction, done, from);
        return await RunAsync(billing, request, transaction, dryRun, done, cancellationToken);
    }

    /// <summary>The answer when the transaction is already where the call wants it: nothing is sent.</summary>
    public static async Task<CallToolResult> AlreadyAsync(Billing billing, OntraportRecord transaction, string state, CancellationToken cancellationToken) =>
        ToolOutput.Json(new AlreadyAnswer(
            $"Transaction {transaction.Id} is already {state}; nothing was sent.",
            (await billing.ViewAsync(cancellationToken)).Invoice(transaction, detailed: true)));
}
