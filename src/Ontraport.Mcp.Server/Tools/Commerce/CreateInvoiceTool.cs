using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Metadata;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class CreateInvoiceTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "create_invoice", Title = "Create an invoice", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true)]
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
        var billing = new Billing(session, lookup);
        var due = due_date is null ? (DateTimeOffset?)null : (await ToolDates.ParseAsync(session, due_date, "due_date", cancellationToken)).Start;
        if (due < session.Time.GetUtcNow().AddDays(-1))
        {
            throw new ToolInputException($"due_date {RecordShaper.IsoDate(due.Value)} is in the past; give a date from today on.");
        }

        var person = await lookup.ContactAsync(contact, cancellationToken);
        var currency = await billing.CurrencyAsync(null, cancellationToken);
        var offer = await input.BuildAsync(billing, currency, cancellationToken);
        var request = InvoiceMapping.CreateInvoice(person.Id, offer.ToJson(), open, due, memo, null);
        var summary = new JsonObject
        {
            ["contact"] = CommerceView.Contact(person.Id, RecordFields.PersonName(person)),
            ["total"] = Money.Format(offer.Totals().Total, currency),
            ["status"] = open ? "open" : "draft",
        };
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new JsonObject { ["would_create"] = summary });
        }

        var response = await billing.SendOnceAsync(request, Billing.HowToCheck("the invoice was created", person.Id), cancellationToken);
        var answer = new JsonObject { ["created"] = "invoice" };
        foreach (var (key, value) in summary)
        {
            answer[key] = value?.DeepClone();
        }

        await billing.AddCreatedInvoiceAsync(answer, ChargeResult.InvoiceIdOf(response.Data), person.Id, cancellationToken);
        answer["next"] = open ? "Email it with send_invoice, or charge a card on file with pay_invoice." : "Finalize it with update_invoice (status: open), then send_invoice.";
        return ToolOutput.Json(answer);
    }
}
