using Ontraport.Client.Metadata;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Conditions;
using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class GetPaymentsTool(ToolSession session, RecordLookup lookup, Billing billing)
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
        var window = await DateRange.ReadAsync(session, since, until, cancellationToken); // before any lookup: a bad date costs no request
        Criteria? criteria = null;
        string? contactName = null;
        ContactRef? person = null;
        if (!string.IsNullOrWhiteSpace(contact))
        {
            var found = await lookup.ContactAsync(contact, cancellationToken);
            criteria = CommerceService.Equal("contact_id", found.Id);
            contactName = RecordFields.PersonName(found);
            person = CommerceView.Contact(found.Id, contactName);
        }

        if (invoice_id is { } invoice)
        {
            criteria = CommerceFilters.And(criteria, Condition.Compare("invoice_id", ConditionOperator.Equal, ConditionLiteral.Of(invoice)));
        }

        if (code is { } wanted)
        {
            criteria = CommerceFilters.And(criteria, Condition.Compare("status", ConditionOperator.Equal, ConditionLiteral.Of((long)wanted)));
        }

        criteria = CommerceFilters.Within(criteria, window, "date");
        var answer = new PaymentsAnswer(person, invoice_id, window?.Window());

        var (records, info, view) = await billing.NewestPageAsync(InvoiceMapping.Payments, criteria, page, cancellationToken);

        var cards = await billing.Commerce.ByIdsAsync(ObjectTypeIds.CreditCard, records.Select(p => p.GetLong("cc_id") ?? 0), ["last4", "type"], cancellationToken);
        var names = contactName is null
            ? (await billing.Commerce.ByIdsAsync(ObjectTypeIds.Contact, records.Select(p => p.GetLong("contact_id") ?? 0), ["firstname", "lastname"], cancellationToken))
                .ToDictionary(p => p.Key, p => RecordFields.PersonName(p.Value))
            : null;
        var items = records.Select(p => view.Payment(p,
            contactName ?? names!.GetValueOrDefault(p.GetLong("contact_id") ?? 0),
            cards.GetValueOrDefault(p.GetLong("cc_id") ?? 0))).ToList();
        return ToolOutput.List(answer, info.Count, page, items);
    }
}
