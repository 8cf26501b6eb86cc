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
public sealed class GetInvoicesTool(ToolSession session, RecordLookup lookup, Billing billing)
{
    [McpServerTool(Name = "get_invoices", Title = "Get invoices", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Invoices with status, contact, total, due date; invoice_id shows one in full.")]
    public async Task<CallToolResult> GetInvoices(
        string? contact = null,
        [Description("Comma list, e.g. open, paid, unpaid; a wrong one lists all.")] string? status = null,
        string? since = null,
        string? until = null,
        long? invoice_id = null,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var statuses = CommerceFilters.Statuses(status);
        var page = QueryPage.From(start, limit);
        if (invoice_id is { } id)
        {
            var invoice = await billing.TransactionAsync(id, "invoice_id", cancellationToken);
            return ToolOutput.Json((await billing.ViewAsync(cancellationToken)).Invoice(invoice, detailed: true));
        }

        var window = await DateRange.ReadAsync(session, since, until, cancellationToken); // before any lookup: a bad date costs no request
        Criteria? criteria = null;
        ContactRef? person = null;
        string? statusWords = null;
        if (!string.IsNullOrWhiteSpace(contact))
        {
            var found = await lookup.ContactAsync(contact, cancellationToken);
            criteria = CommerceService.Equal("contact_id", found.Id);
            person = CommerceView.Contact(found.Id, RecordFields.PersonName(found));
        }

        if (statuses is not null)
        {
            criteria = CommerceFilters.And(criteria, CommerceService.In("status", statuses));
            statusWords = string.Join(", ", statuses.Select(InvoiceMapping.Word));
        }

        criteria = CommerceFilters.Within(criteria, window, "date");
        var (records, info, view) = await billing.NewestPageAsync(TransactionRequests.Transactions, criteria, page, cancellationToken);

        var currency = await billing.Commerce.CurrencyAsync(null, cancellationToken);
        var answer = new InvoicesAnswer(person, statusWords, window?.Window(), Money.Format(info.Sums.GetValueOrDefault("total"), currency));
        return ToolOutput.List(answer, info.Count, page, [.. records.Select(i => view.Invoice(i))]);
    }
}
