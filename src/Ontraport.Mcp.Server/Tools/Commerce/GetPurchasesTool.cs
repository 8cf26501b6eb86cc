using System.ComponentModel;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Conditions;
using Ontraport.Client.Inferred;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class GetPurchasesTool(ToolSession session, RecordLookup lookup)
{
    private static readonly Dictionary<string, string> PurchaseStatuses = KnownCodes.For(Billing.Purchases, "status")!.ToDictionary(p => p.Value, p => p.Key);

    [McpServerTool(Name = "get_purchases", Title = "Get a contact's purchases", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("List the products a contact bought, newest first: product name and description, quantity, price, total, status " +
        "(paid, refunded, …), type (one-time, subscription, payment plan) and the invoice. For invoices themselves use get_invoices.")]
    public async Task<CallToolResult> GetPurchases(
        [Description("The contact: id, email or name.")] string contact,
        [Description("Only purchases with this status: paid, refunded, declined, voided, written off, collections or pending.")] string? status = null,
        [Description("Bought on or after: ISO date or phrase (\"this year\", \"last 90 days\").")] string? since = null,
        [Description("Bought before: ISO date or phrase.")] string? until = null,
        [Description("Offset of the first purchase (next_start of the previous page).")] int? start = null,
        [Description("Page size, 1-50 (default 20).")] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var code = status is null ? null : PurchaseStatuses.GetValueOrDefault(status.Trim().ToLowerInvariant())
            ?? throw new ToolInputException($"status: '{status}' is not a purchase status. Use {string.Join(", ", PurchaseStatuses.Keys)}.");
        var page = QueryPage.From(start, limit);
        var billing = new Billing(session, lookup);
        var window = await DateRange.ReadAsync(session, since, until, cancellationToken); // before the lookup: a bad date costs no request
        var person = await lookup.ContactAsync(contact, cancellationToken);

        var criteria = Billing.Equal("contact_id", person.Id);
        if (code is not null)
        {
            criteria = criteria.And(Condition.Compare("status", ConditionOperator.Equal, ConditionLiteral.Of(long.Parse(code, System.Globalization.CultureInfo.InvariantCulture))));
        }

        var (records, info, view) = await billing.NewestPageAsync(Billing.Purchases, CommerceFilters.Within(criteria, window, "date"), page, cancellationToken);

        var products = await billing.ByIdsAsync(Billing.Products, records.Select(p => p.GetLong("product_id") ?? 0), ["name", "description", "sku"], cancellationToken);
        var extra = new JsonObject
        {
            ["contact"] = CommerceView.Contact(person.Id, RecordLookup.FullName(person)),
            ["sum_of_totals"] = Money.Format(info.Sums.GetValueOrDefault("total_price"), await billing.CurrencyAsync(null, cancellationToken)),
        };
        if (window is not null)
        {
            extra["bought"] = window.Echo();
        }

        if (page.Note is not null)
        {
            extra["note"] = page.Note;
        }

        var items = records.Select(p => view.Purchase(p, products.GetValueOrDefault(p.GetLong("product_id") ?? 0))).ToList();
        return ToolOutput.Json(ToolOutput.Page(info.Count, page.Start, items, page.Size, extra));
    }
}
