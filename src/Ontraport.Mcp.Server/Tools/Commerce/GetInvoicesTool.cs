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
public sealed class GetInvoicesTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "get_invoices", Title = "Get invoices", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Invoices with status, contact, total, due date; invoice_id shows one in full.")]
    public async Task<CallToolResult> GetInvoices(
        string? contact = null,
        [Description("Comma list: draft, open, paid, declined, refunded, partially refunded, voided, written off, collections, pending, unpaid.")] string? status = null,
        string? since = null,
        string? until = null,
        long? invoice_id = null,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var statuses = CommerceFilters.Statuses(status);
        var page = QueryPage.From(start, limit);
        var billing = new Billing(session, lookup);
        if (invoice_id is { } id)
        {
            var invoice = await billing.TransactionAsync(id, "invoice_id", cancellationToken);
            return ToolOutput.Json((await billing.ViewAsync(cancellationToken)).Invoice(invoice, detailed: true));
        }

        var window = await DateRange.ReadAsync(session, since, until, cancellationToken); // before any lookup: a bad date costs no request
        Criteria? criteria = null;
        var echo = new JsonObject();
        if (!string.IsNullOrWhiteSpace(contact))
        {
            var person = await lookup.ContactAsync(contact, cancellationToken);
            criteria = Billing.Equal("contact_id", person.Id);
            echo["contact"] = CommerceView.Contact(person.Id, RecordFields.PersonName(person));
        }

        if (statuses is not null)
        {
            criteria = CommerceFilters.And(criteria, Billing.In("status", statuses));
            echo["status"] = string.Join(", ", statuses.Select(InvoiceMapping.Word));
        }

        criteria = CommerceFilters.Within(criteria, window, "date");
        if (window is not null)
        {
            echo["created"] = window.Echo();
        }

        var (records, info, view) = await billing.NewestPageAsync(TransactionRequests.Transactions, criteria, page, cancellationToken);

        var currency = await billing.CurrencyAsync(null, cancellationToken);
        echo["sum_of_totals"] = Money.Format(info.Sums.GetValueOrDefault("total"), currency);
        if (page.Note is not null)
        {
            echo["note"] = page.Note;
        }

        var items = records.Select(i => view.Invoice(i)).ToList();
        return ToolOutput.Json(ToolOutput.Page(info.Count, page.Start, items, page.Size, echo));
    }
}
