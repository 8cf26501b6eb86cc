using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class UpdateInvoiceTool(ToolSession session, Billing billing)
{
    private static readonly IReadOnlyList<TransactionStatus> Editable = TransactionRules.Editable;

    [McpServerTool(Name = "update_invoice", Title = "Edit invoice", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Edit a draft or open invoice; settled ones are refused.")]
    public async Task<CallToolResult> UpdateInvoice(
        long invoice_id,
        string? due_date = null,
        string? memo = null,
        ProductLine[]? products = null,
        [Range(0, double.MaxValue)] decimal? total = null,
        [Description("open finalizes a draft.")] string? status = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var input = products is null ? (total is null ? null : throw new ToolInputException("total checks new products; give products with it."))
            : OfferInput.Check(products, null, total, allowOffer: false);
        var finalize = status?.Trim().ToLowerInvariant() switch
        {
            null or "" => false,
            "open" => true,
            "draft" => (bool?)null,
            _ => throw new ToolInputException($"status can only be open (finalize a draft), not '{status}'."),
        };
        var onlyStatus = due_date is null && memo is null && input is null;
        if (onlyStatus && finalize is false)
        {
            throw new ToolInputException("Say what changes: due_date, memo, products, or status: open.");
        }

        var due = due_date is null ? (DateTimeOffset?)null : (await ToolDates.ParseAsync(session, due_date, "due_date", cancellationToken)).Start;
        var invoice = await billing.TransactionAsync(invoice_id, "invoice_id", cancellationToken);
        var current = Billing.Require(invoice, "edited", Editable, " Settled invoices change through refund_transaction, void_transaction or write_off_transaction.");
        if (finalize is null && current == TransactionStatus.Open)
        {
            throw new ToolInputException($"Invoice {invoice.Id} is open (issued); it cannot go back to draft. Nothing was sent.");
        }

        if (onlyStatus && (finalize is null || current == TransactionStatus.Open))
        {
            return await TransactionAction.AlreadyAsync(billing, invoice, InvoiceMapping.Word(current), cancellationToken);
        }

        if (due is { } dueAt && invoice.GetTime("date") is { } created && dueAt < created.AddDays(-1))
        {
            throw new ToolInputException($"due_date {RecordShaper.IsoDate(dueAt)} is before the invoice was created ({RecordShaper.IsoDate(created)}).");
        }

        var currency = await billing.Commerce.CurrencyAsync(invoice.GetLong("gateway_id"), cancellationToken);
        var offer = input is null ? null : await input.BuildAsync(billing, currency, cancellationToken);
        var request = InvoiceMapping.UpdateInvoice(invoice.Id, due, memo, finalize is true && current == TransactionStatus.Draft, offer?.ToJson());
        var view = await billing.ViewAsync(cancellationToken);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new InvoiceDryRun(view.Invoice(invoice)));
        }

        await session.Client.SendAsync(request, cancellationToken);
        var (now, invoiceId, readBack) = await billing.InvoiceAfterWriteAsync(invoice.Id, view, cancellationToken);
        var next = now is null ? null
            : now.Status == InvoiceMapping.Word(TransactionStatus.Open)
                ? $"Email it with send_invoice (invoice_id: {invoice.Id})."
                : "It is still a draft; finalize it with status: open before sending.";
        return ToolOutput.Json(new InvoiceUpdatedAnswer("invoice", now, invoiceId, readBack, next));
    }
}
