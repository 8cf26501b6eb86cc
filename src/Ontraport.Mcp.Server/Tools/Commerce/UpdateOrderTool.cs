using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class UpdateOrderTool(ToolSession session, Billing billing)
{
    private static readonly string[] Units = ["day", "week", "month", "quarter", "year"];

    [McpServerTool(Name = "update_order", Title = "Change subscription", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Change an active subscription from its next charge; charges nothing now.")]
    public async Task<CallToolResult> UpdateOrder(
        long? order_id = null,
        string? contact = null,
        string? search = null,
        [Description("Per billing period."), Range(0, double.MaxValue)] decimal? price = null,
        [Description("Whole number."), Range(1, double.MaxValue)] decimal? quantity = null,
        [Description("Billing unit."), AllowedValues("day", "week", "month", "quarter", "year")] string? unit = null,
        long? card_id = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var newPrice = price is { } p ? Money.Positive(p, "price") : (decimal?)null;
        var newQuantity = quantity is null ? (int?)null : Money.Quantity(quantity, "quantity");
        var newUnit = unit?.Trim().ToLowerInvariant();
        if (newUnit is not null && !Units.Contains(newUnit))
        {
            throw new ToolInputException($"unit must be one of {string.Join(", ", Units)}, not '{unit}'.");
        }

        if (newPrice is null && newQuantity is null && newUnit is null && card_id is null)
        {
            throw new ToolInputException("Say what changes: price, quantity, unit or card_id.");
        }

        var order = await Subscriptions.FindAsync(billing, order_id, contact, search, cancellationToken);
        var view = await billing.ViewAsync(cancellationToken);
        if (order.GetLong("status") is not 0)
        {
            throw new ToolInputException($"Order {order.Id} ({order["name"]}) is not active ({view.Order(order).Status}); only active orders can change. Nothing was sent.");
        }

        var current = (await session.Client.SendAsync(TransactionRequests.GetOrder(order.Id), cancellationToken)).Data as JsonObject
            ?? throw new ToolInputException($"Ontraport returned no offer for order {order.Id}; change it in Ontraport.");
        var offer = Offer.Parse(current);
        var recurring = offer.Lines.Where(l => l.Recurs).ToList() is { Count: 1 } only ? only[0] : offer.Lines.Count == 1 ? offer.Lines[0]
            : throw new ToolInputException($"Order {order.Id} bills {offer.Lines.Count} products; this tool changes orders of one recurring product. Change it in Ontraport.");
        var changed = recurring with
        {
            UnitPrice = newPrice ?? recurring.UnitPrice,
            Quantity = newQuantity ?? recurring.Quantity,
            Unit = newUnit ?? recurring.Unit,
        };
        var json = offer.WithLines([.. offer.Lines.Select(l => ReferenceEquals(l, recurring) ? changed : l)]).ToJson();
        var contactId = order.GetLong("contact_id") ?? 0;
        if (card_id is { } cardId)
        {
            var card = await billing.CardAsync(await billing.ContactOfAsync(order, cancellationToken), cardId, cancellationToken);
            json["cc_id"] = card.Id;
        }

        var gatewayId = JsonText.AsLong(current["gateway_id"]) ?? order.GetLong("gateway_id") ?? 0;
        var request = TransactionRequests.UpdateOrder(contactId, gatewayId, json);
        var before = view.Order(order);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new OrderDryRun(before));
        }

        await session.Client.SendAsync(request, cancellationToken);
        var after = await billing.Commerce.OrderAfterWriteAsync(order.Id, cancellationToken);
        if (after.Value is null)
        {
            return ToolOutput.Json(new OrderUpdateUnreadAnswer(order["name"], before.Price, order.Id,
                AfterWrite.Note(after, $"order {order.Id}", $"check it with get_objects (object_type: orders, id: {order.Id})")));
        }

        var now = view.Order(after.Value);
        return ToolOutput.Json(new OrderUpdatedAnswer(order["name"], before.Price, now.Price, now));
    }
}
