using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class LogOfflinePurchaseTool(ToolSession session, RecordLookup lookup, Billing billing)
{
    private static readonly string[] Methods = ["check", "cash", "other"];

    [McpServerTool(Name = "log_offline_purchase", Title = "Log paid purchase", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Record a purchase paid outside Ontraport (check, cash). Charges nothing.")]
    [MoneyMoving]
    public async Task<CallToolResult> LogOfflinePurchase(
        string contact,
        ProductLine[]? products = null,
        string? offer_id = null,
        [Range(0, double.MaxValue)] decimal? total = null,
        [Description("Default other."), AllowedValues("check", "cash", "other")] string? method = null,
        [Description("Check number or other.")] string? reference = null,
        [Description("Default now.")] string? date = null,
        bool dry_run = false,
        bool allow_duplicate = false,
        CancellationToken cancellationToken = default)
    {
        var input = OfferInput.Check(products, offer_id, total);
        var how = method?.Trim().ToLowerInvariant() ?? "other";
        if (!Methods.Contains(how))
        {
            throw new ToolInputException($"method must be check, cash or other, not '{method}'.");
        }

        var paidAt = date is null ? (DateTimeOffset?)null : (await ToolDates.ParseAsync(session, date, "date", cancellationToken)).Start;
        if (paidAt > session.Time.GetUtcNow())
        {
            throw new ToolInputException($"date {RecordShaper.IsoDate(paidAt.Value)} is in the future; a payment is logged once it was received.");
        }

        var person = await lookup.ContactAsync(contact, cancellationToken);
        var currency = await billing.Commerce.CurrencyAsync(null, cancellationToken);
        var offer = await input.BuildAsync(billing, currency, cancellationToken);
        var request = InvoiceMapping.LogOfflinePayment(person.Id, offer.ToJson(), paidAt, reference, how);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new LogDryRun(Money.Format(offer.Totals().Total, currency), how));
        }

        var response = await billing.SendOnceAsync(request, Billing.HowToCheck("the purchase was logged", person.Id), cancellationToken);
        var (invoiceId, invoice, readBack) = await billing.CreatedInvoiceAsync(ChargeResult.InvoiceIdOf(response.Data), person.Id, cancellationToken);
        return ToolOutput.Json(new LoggedAnswer(Money.Format(offer.Totals().Total, currency), how, invoiceId, invoice, readBack));
    }
}
