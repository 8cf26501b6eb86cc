using Ontraport.Client.Metadata;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class CreateInvoiceTool(ToolSession session, RecordLookup lookup, Billing billing)
{
    [McpServerTool(Name = "create_invoice", Title = "Create invoice", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Create a draft or open invoice; charges and emails nothing.")]
    [MoneyMoving]
    public async Task<CallToolResult> CreateInvoice(
        string contact,
        ProductLine[] products,
        [Range(0, double.MaxValue)] decimal? total = null,
        [Description("Default draft."), AllowedValues("draft", "open")] string? status = null,
        string? due_date = null,
        string? memo = null,
        bool dry_run = false,
        bool allow_duplicate = false,
        CancellationToken cancellationToken = default)
    {
        var input = OfferInput.Check(products, null, total, allowOffer: false);
        var open = (status?.Trim().ToLowerInvariant() ?? "draft") switch
        {
            "draft" => false,
            "open" => true,
            _ => throw new ToolInputException($"status must be draft or open, not '{status}'."),
        };
        var due = due_date is null ? (DateTimeOffset?)null : (await ToolDates.ParseAsync(session, due_date, "due_date", cancellationToken)).Start;
        if (due < session.Time.GetUtcNow().AddDays(-1))
        {
            throw new ToolInputException($"due_date {RecordShaper.IsoDate(due.Value)} is in the past; give a date from today on.");
        }

        var person = await lookup.ContactAsync(contact, cancellationToken);
        var currency = await billing.Commerce.CurrencyAsync(null, cancellationToken);
        var offer = await input.BuildAsync(billing, currency, cancellationToken);
        var request = InvoiceMapping.CreateInvoice(person.Id, offer.ToJson(), open, due, memo, null);
        var summary = new InvoiceSummary(CommerceView.Contact(person.Id, RecordFields.PersonName(person)), Money.Format(offer.Totals().Total, currency), open ? "open" : "draft");
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new CreateInvoiceDryRun(summary));
        }

        var response = await billing.SendOnceAsync(request, Billing.HowToCheck("the invoice was created", person.Id), cancellationToken);
        var (invoiceId, invoice, readBack) = await billing.CreatedInvoiceAsync(ChargeResult.InvoiceIdOf(response.Data), person.Id, cancellationToken);
        return ToolOutput.Json(new InvoiceCreatedAnswer("invoice", summary.Contact, summary.Total, summary.Status, invoiceId, invoice, readBack,
            open ? "Email it with send_invoice, or charge a card on file with pay_invoice." : "Finalize it with update_invoice (status: open), then send_invoice."));
    }
}
