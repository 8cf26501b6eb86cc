using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Conditions;
using Ontraport.Client.Metadata;
using Ontraport.Client.Objects;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class GetFailedTransactionsTool(ToolSession session, RecordLookup lookup)
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
        var billing = new Billing(session, lookup);
        var echo = new JsonObject { ["showing"] = string.Join(", ", kinds) };
        Criteria? byContact = null;
        if (!string.IsNullOrWhiteSpace(contact))
        {
            var person = await lookup.ContactAsync(contact, cancellationToken);
            byContact = Billing.Equal("contact_id", person.Id);
            echo["contact"] = CommerceView.Contact(person.Id, RecordFields.PersonName(person));
        }

        // Each kind is its own query: Ontraport's criteria have no parentheses, so "declined OR (open AND past due)" is never sent.
        var now = session.Time.GetUtcNow().ToUnixTimeSeconds();
        var reads = kinds.Select(kind => billing.WhereAsync(TransactionRequests.Transactions, Criteria(kind, byContact, now), MaxPerKind, cancellationToken)).ToList();
        var viewTask = billing.ViewAsync(cancellationToken);
        await Task.WhenAll([.. reads, viewTask]);

        var found = reads.SelectMany(r => r.Result).DistinctBy(r => r.Id).OrderByDescending(r => r.GetLong("date")).ToList();
        var view = viewTask.Result;
        echo["outstanding"] = Money.Format(found.Sum(r => r.GetDecimal("total") ?? 0m), await billing.CurrencyAsync(null, cancellationToken));
        if (reads.Any(r => r.Result.Count >= MaxPerKind))
        {
            echo["note"] = $"Only the first {MaxPerKind} of a kind were read; narrow with contact.";
        }
        else if (page.Note is not null)
        {
            echo["note"] = page.Note;
        }

        var items = found.Skip(page.Start).Take(page.Size).Select(r => Item(view, r)).ToList();
        return ToolOutput.Json(ToolOutput.Page(found.Count, page.Start, items, page.Size, echo));
    }

    private static Criteria Criteria(string kind, Criteria? byContact, long now)
    {
        var criteria = kind switch
        {
            "declined" => Billing.Equal("status", (long)TransactionStatus.Declined),
            "collections" => Billing.Equal("status", (long)TransactionStatus.Collections),
            _ => Billing.Equal("status", (long)TransactionStatus.Open)
                .And(Condition.Compare(InvoiceMapping.DueDate, ConditionOperator.GreaterThan, ConditionLiteral.Of(0L)))
                .And(Condition.Compare(InvoiceMapping.DueDate, ConditionOperator.LessThan, ConditionLiteral.Of(now))),
        };
        return byContact is null ? criteria : byContact.AndAll(criteria);
    }

    private static JsonObject Item(CommerceView view, Client.Objects.OntraportRecord invoice)
    {
        var item = view.Invoice(invoice);
        if (invoice.GetLong("recharge_attempts") is > 0 and var attempts)
        {
            item["attempts"] = attempts;
        }

        if (CommerceView.Date(invoice["last_recharge_date"]) is { } last)
        {
            item["last_attempt"] = last;
        }

        return item;
    }
}
