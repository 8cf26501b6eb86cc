using System.Text.Json.Nodes;
using Ontraport.Client.Conditions;
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
                : throw new ToolInputException($"Transaction {id} belongs to contact {transaction.GetLong("contact_id")}, not {RecordLookup.FullName(person)} ({person.Id}). Nothing was sent.");
        }

        var criteria = Billing.Equal("contact_id", person!.Id).And(Billing.In("status", states));
        var candidates = (await billing.WhereAsync(TransactionRequests.Transactions, criteria, 200, cancellationToken)).Where(matches ?? (_ => true)).ToList();
        var name = RecordLookup.FullName(person);
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

/// <summary>The <c>start</c>/<c>limit</c> of a list: 0 or more, 1–50 (a larger limit is capped with a note).</summary>
public sealed record PageArguments(int Start, int Size, string? Note)
{
    public static PageArguments Read(int? start, int? limit)
    {
        if (start is < 0)
        {
            throw new ToolInputException("start must be 0 or more.");
        }

        if (limit is < 1)
        {
            throw new ToolInputException("limit must be between 1 and 50.");
        }

        return new PageArguments(start ?? 0, Math.Min(limit ?? 20, ListOptions.MaxRange),
            limit > ListOptions.MaxRange ? $"limit {limit} is over the page maximum; returned at most {ListOptions.MaxRange}. Page on with next_start." : null);
    }
}

/// <summary>Filters the commerce reads share: status words and a date window.</summary>
public static class CommerceFilters
{
    /// <summary>Status words (comma-separated) → transaction statuses; unknown words are an error listing the known ones.</summary>
    public static IReadOnlyList<TransactionStatus>? Statuses(string? status)
    {
        if (string.IsNullOrWhiteSpace(status))
        {
            return null;
        }

        var statuses = new List<TransactionStatus>();
        foreach (var word in status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            statuses.AddRange(InvoiceMapping.StatusesFor(word) ?? throw new ToolInputException(
                $"status: '{word}' is not a status. Use {string.Join(", ", InvoiceMapping.StatusWords.Values)} or unpaid (comma-separate several)."));
        }

        return statuses.Distinct().ToList();
    }

    /// <summary>Adds <c>field ≥ since AND field &lt; until</c> when a window was asked for; returns the window echoed.</summary>
    public static async Task<(Criteria? Criteria, TimeWindow? Window)> WindowAsync(ToolSession session, Criteria? criteria, string field, string? since, string? until, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(since) && string.IsNullOrWhiteSpace(until))
        {
            return (criteria, null);
        }

        var window = await ToolDates.WindowAsync(session, since, until, 3650, cancellationToken);
        var from = Condition.Compare(field, ConditionOperator.GreaterOrEqual, ConditionLiteral.Of(window.StartSeconds));
        var to = Condition.Compare(field, ConditionOperator.LessThan, ConditionLiteral.Of(window.EndSeconds));
        return ((criteria is null ? Criteria.Where(from) : criteria.And(from)).And(to), window);
    }

    public static Criteria And(Criteria? criteria, Condition condition) => criteria is null ? Criteria.Where(condition) : criteria.And(condition);
}
