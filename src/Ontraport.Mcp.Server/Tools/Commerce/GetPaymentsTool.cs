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
public sealed class GetPaymentsTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "get_payments", Title = "Get payments", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Charge attempts and settlements: did a charge go through.")]
    public async Task<CallToolResult> GetPayments(
        string? contact = null,
        long? invoice_id = null,
        [Description("succeeded, failed, refunded, voided or pending.")] string? status = null,
        string? since = null,
        string? until = null,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var code = status is null ? (PaymentStatus?)null : InvoiceMapping.PaymentStatusFor(status)
            ?? throw new ToolInputException($"status: '{status}' is not a payment status. Use {string.Join(", ", InvoiceMapping.PaymentStatusWords.Values)}.");
        if (invoice_id is <= 0)
        {
            throw new ToolInputException("invoice_id must be an invoice id, as get_invoices shows it.");
        }

        var page = QueryPage.From(start, limit);
        var billing = new Billing(session, lookup);
        var window = await DateRange.ReadAsync(session, since, until, cancellationToken); // before any lookup: a bad date costs no request
        var echo = new JsonObject();
        Criteria? criteria = null;
        string? contactName = null;
        if (!string.IsNullOrWhiteSpace(contact))
        {
            var person = await lookup.ContactAsync(contact, cancellationToken);
            criteria = Billing.Equal("contact_id", person.Id);
            contactName = RecordFields.PersonName(person);
            echo["contact"] = CommerceView.Contact(person.Id, contactName);
        }

        if (invoice_id is { } invoice)
        {
            criteria = CommerceFilters.And(criteria, Condition.Compare("invoice_id", ConditionOperator.Equal, ConditionLiteral.Of(invoice)));
            echo["invoice_id"] = invoice;
        }

        if (code is { } wanted)
        {
            criteria = CommerceFilters.And(criteria, Condition.Compare("status", ConditionOperator.Equal, ConditionLiteral.Of((long)wanted)));
        }

        criteria = CommerceFilters.Within(criteria, window, "date");
        if (window is not null)
        {
            echo["window"] = window.Echo();
        }

        if (page.Note is not null)
        {
            echo["note"] = page.Note;
        }

        var (records, info, view) = await billing.NewestPageAsync(InvoiceMapping.Payments, criteria, page, cancellationToken);

        var cards = await billing.ByIdsAsync(Billing.CreditCards, records.Select(p => p.GetLong("cc_id") ?? 0), ["last4", "type"], cancellationToken);
        var names = contactName is null
            ? (await billing.ByIdsAsync(Billing.Contacts, records.Select(p => p.GetLong("contact_id") ?? 0), ["firstname", "lastname"], cancellationToken))
                .ToDictionary(p => p.Key, p => RecordFields.PersonName(p.Value))
            : null;
        var items = records.Select(p => view.Payment(p,
            contactName ?? names!.GetValueOrDefault(p.GetLong("contact_id") ?? 0),
            cards.GetValueOrDefault(p.GetLong("cc_id") ?? 0))).ToList();
        return ToolOutput.Json(ToolOutput.Page(info.Count, page.Start, items, page.Size, echo));
    }
}
