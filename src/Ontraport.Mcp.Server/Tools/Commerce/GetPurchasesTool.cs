using Ontraport.Client.Metadata;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Conditions;
using Ontraport.Client.Objects;
using Ontraport.Client.Inferred;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class GetPurchasesTool(ToolSession session, RecordLookup lookup, Billing billing)
{
    private static readonly Dictionary<string, string> PurchaseStatuses = KnownCodes.For(ObjectTypeIds.Purchase, "status")!.ToDictionary(p => p.Value, p => p.Key);

    [McpServerTool(Name = "get_purchases", Title = "Purchases", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Products a contact bought: price, status, one-time, subscription or payment plan.")]
    public async Task<CallToolResult> GetPurchases(
        string contact,
        [Description("e.g. paid, refunded; a wrong one lists all.")] string? status = null,
        string? since = null,
        string? until = null,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var code = status is null ? null : PurchaseStatuses.GetValueOrDefault(status.Trim().ToLowerInvariant())
            ?? throw new ToolInputException($"status: '{status}' is not a purchase status. Use {string.Join(", ", PurchaseStatuses.Keys)}.");
        var page = QueryPage.From(start, limit);
        var window = await DateRange.ReadAsync(session, since, until, cancellationToken); // before the lookup: a bad date costs no request
        var person = await lookup.ContactAsync(contact, cancellationToken);

        var criteria = CommerceService.Equal("contact_id", person.Id);
        if (code is not null)
        {
            criteria = criteria.And(Condition.Compare("status", ConditionOperator.Equal, ConditionLiteral.Of(long.Parse(code, System.Globalization.CultureInfo.InvariantCulture))));
        }

        var (records, info, view) = await billing.NewestPageAsync(ObjectTypeIds.Purchase, CommerceFilters.Within(criteria, window, "date"), page, cancellationToken);

        var products = await billing.Commerce.ByIdsAsync(ObjectTypeIds.Product, records.Select(p => p.GetLong("product_id") ?? 0), ["name", "description", "sku"], cancellationToken);
        var answer = new PurchasesAnswer(
            CommerceView.Contact(person.Id, RecordFields.PersonName(person)),
            Money.Format(info.Sums.GetValueOrDefault("total_price"), await billing.Commerce.CurrencyAsync(null, cancellationToken)),
            window?.Window());
        return ToolOutput.List(answer, info.Count, page, [.. records.Select(p => view.Purchase(p, products.GetValueOrDefault(p.GetLong("product_id") ?? 0)))]);
    }
}
