using Ontraport.Client.Conditions;
using Ontraport.Client.Transactions;

namespace Ontraport.Mcp.Server.Tools.Commerce;

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
