using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Metadata;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class SendInvoiceTool(Billing billing)
{
    [McpServerTool(Name = "send_invoice", Title = "Email invoice", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Email an open invoice to its contact (not drafts). Never retried.")]
    public async Task<CallToolResult> SendInvoice(
        long invoice_id,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var invoice = await billing.TransactionAsync(invoice_id, "invoice_id", cancellationToken);
        if (Billing.StatusOf(invoice) == TransactionStatus.Draft)
        {
            throw new ToolInputException($"Invoice {invoice.Id} is a draft, and drafts are not sent. Finalize it with update_invoice (invoice_id: {invoice.Id}, status: open), then send it. Nothing was sent.");
        }

        var contactId = invoice.GetLong("contact_id") ?? 0;
        var contact = await billing.ContactOfAsync(invoice, cancellationToken);
        var email = contact["email"] is { Length: > 0 } address
            ? address
            : throw new ToolInputException($"{RecordFields.PersonName(contact)} ({contactId}) has no email address; add one with update_object, then send. Nothing was sent.");
        var request = TransactionRequests.ResendInvoice(invoice.Id);
        var view = await billing.ViewAsync(cancellationToken);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new SendDryRun(email, view.Invoice(invoice)));
        }

        await billing.SendOnceAsync(request, $"Check get_invoices (invoice_id: {invoice.Id}): its date_sent shows whether it went out.", cancellationToken);
        var (now, invoiceId, readBack) = await billing.InvoiceAfterWriteAsync(invoice.Id, view, cancellationToken);
        return ToolOutput.Json(new SentAnswer(email, now, invoiceId, readBack));
    }
}
