using System.Text.Json.Nodes;
using Ontraport.Client.Metadata;
using Ontraport.Client.Objects;
using Ontraport.Client.Transactions;

namespace Ontraport.Mcp.Server.Tools.Commerce;

/// <summary>
/// The one transaction a call means: <c>transaction_id</c>, or a contact's only transaction in the states the action
/// accepts ("Retry the failed charge on John Smith's account"). Several candidates are an error that lists them.
/// </summary>
public static class TransactionChoice
{
    public static async Task<OntraportRecord> FindAsync(
        Billing billing, long? transactionId, string? contact, IReadOnlyCollection<TransactionStatus> states, string what,
        CancellationToken cancellationToken, Func<OntraportRecord, bool>? matches = null, string? matchDescription = null)
    {
        if (transactionId is null && string.IsNullOrWhiteSpace(contact))
        {
            throw new ToolInputException($"Give transaction_id (the invoice id get_invoices shows) or contact to find the {what}.");
        }

        var person = string.IsNullOrWhiteSpace(contact) ? null : await billing.Lookup.ContactAsync(contact, cancellationToken);
        if (transactionId is { } id)
        {
            var transaction = await billing.TransactionAsync(id, "transaction_id", cancellationToken);
            return person is null || transaction.GetLong("contact_id") == person.Id
                ? transaction
                : throw new ToolInputException($"Transaction {id} belongs to contact {transaction.GetLong("contact_id")}, not {RecordFields.PersonName(person)} ({person.Id}). Nothing was sent.");
        }

        var criteria = Billing.Equal("contact_id", person!.Id).And(Billing.In("status", states));
        var candidates = (await billing.WhereAsync(TransactionRequests.Transactions, criteria, 200, cancellationToken)).Where(matches ?? (_ => true)).ToList();
        var name = RecordFields.PersonName(person);
        var view = await billing.ViewAsync(cancellationToken);
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new ToolInputException($"{name} ({person.Id}) has no {what}{matchDescription}. See their invoices with get_invoices (contact: {person.Id})."),
            _ => throw new ToolInputException($"{name} has {candidates.Count} {what}s{matchDescription}: " +
                string.Join("; ", candidates.OrderByDescending(c => c.GetLong("date")).Take(5).Select(c => Describe(view.Invoice(c)))) +
                ". Give the transaction_id of the one you mean."),
        };
    }

    private static string Describe(JsonObject invoice) =>
        $"{invoice["id"]} ({invoice["status"]}, {invoice["total"]}, {invoice["date"]?.GetValue<string>()[..10]}{(invoice["products"] is { } products ? ", " + products : "")})";
}
