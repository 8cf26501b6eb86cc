using Ontraport.Client.Metadata;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Conditions;
using Ontraport.Client.Objects;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class GetFailedTransactionsTool(ToolSession session, RecordLookup lookup, Billing billing)
{
    /// <summary>How many of each kind are read at most; collection work is a desk, not a warehouse.</summary>
    private const int MaxPerKind = 200;

    private static readonly string[] Kinds = ["declined", "overdue", "collections"];

    [McpServerTool(Name = "get_failed_transactions", Title = "Invoices to collect", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Declined charges and overdue invoices, with the amount owed.")]
    public async Task<CallToolResult> GetFailedTransactions(
        [Description("Comma list: declined, overdue, collections (default the first two).")] string? status = null,
        string? contact = null,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var kinds = (status ?? "declined,overdue").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => k.ToLowerInvariant() switch
            {
                "declined" or "failed" => "declined",
                "overdue" or "past due" => "overdue",
                "collections" or "in collections" => "collections",
                _ => throw new ToolInputException($"status: '{k}' is not one of {string.Join(", ", Kinds)}."),
            }).Distinct().ToList();
        var page = QueryPage.From(start, limit);
        Criteria? byContact = null;
        ContactRef? person = null;
        if (!string.IsNullOrWhiteSpace(contact))
        {
            var who = await lookup.ContactAsync(contact, cancellationToken);
            byContact = CommerceService.Equal("contact_id", who.Id);
            person = CommerceView.Contact(who.Id, RecordFields.PersonName(who));
        }

        // Each kind is its own query: Ontraport's criteria have no parentheses, so "declined OR (open AND past due)" is never sent.
        var now = session.Time.GetUtcNow().ToUnixTimeSeconds();
        var reads = kinds.Select(kind => billing.Commerce.WhereAsync(TransactionRequests.Transactions, Criteria(kind, byContact, now), MaxPerKind, cancellationToken)).ToList();
        var viewTask = billing.ViewAsync(cancellationToken);
        await Task.WhenAll([.. reads, viewTask]);

        var found = reads.SelectMany(r => r.Result).DistinctBy(r => r.Id).OrderByDescending(r => r.GetLong("date")).ToList();
        var view = viewTask.Result;
        var outstanding = Money.Format(found.Sum(r => r.GetDecimal("total") ?? 0m), await billing.Commerce.CurrencyAsync(null, cancellationToken));
        var answer = new FailedAnswer(string.Join(", ", kinds), person, outstanding);
        if (reads.Any(r => r.Result.Count >= MaxPerKind))
        {
            // This note says more than a capped limit's, so it replaces it.
            answer = answer with { Note = $"Only the first {MaxPerKind} of a kind were read; narrow with contact." };
            page = page with { Note = null };
        }

        return ToolOutput.List(answer, found.Count, page, [.. found.Skip(page.Start).Take(page.Size).Select(r => Item(view, r))]);
    }

    private static Criteria Criteria(string kind, Criteria? byContact, long now)
    {
        var criteria = kind switch
        {
            "declined" => CommerceService.Equal("status", (long)TransactionStatus.Declined),
            "collections" => CommerceService.Equal("status", (long)TransactionStatus.Collections),
            _ => CommerceService.Equal("status", (long)TransactionStatus.Open)
                .And(Condition.Compare(InvoiceMapping.DueDate, ConditionOperator.GreaterThan, ConditionLiteral.Of(0L)))
                .And(Condition.Compare(InvoiceMapping.DueDate, ConditionOperator.LessThan, ConditionLiteral.Of(now))),
        };
        return byContact is null ? criteria : byContact.AndAll(criteria);
    }

    private static InvoiceView Item(CommerceView view, Client.Objects.OntraportRecord invoice) => view.Invoice(invoice) with
    {
        Attempts = invoice.GetLong("recharge_attempts") is > 0 and var attempts ? attempts : null,
        LastAttempt = CommerceView.Date(invoice["last_recharge_date"]),
    };
}
