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

    /// <summary>Adds <c>field ≥ since AND field &lt; until</c> when a window was asked for.</summary>
    public static Criteria? Within(Criteria? criteria, DateRange? window, string field)
    {
        foreach (var condition in window?.Conditions(field) ?? [])
        {
            criteria = And(criteria, condition);
        }

        return criteria;
    }

    public static Criteria And(Criteria? criteria, Condition condition) => criteria is null ? Criteria.Where(condition) : criteria.And(condition);
}
