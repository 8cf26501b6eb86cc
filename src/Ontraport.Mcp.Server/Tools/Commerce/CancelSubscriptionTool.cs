using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class CancelSubscriptionTool(ToolSession session, Billing billing)
{
    [McpServerTool(Name = "cancel_subscription", Title = "Cancel subscription", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Stop a subscription or payment plan from charging again; past charges stay.")]
    public async Task<CallToolResult> CancelSubscription(
        long? order_id = null,
        string? contact = null,
        string? search = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var order = await Subscriptions.FindAsync(billing, order_id, contact, search, cancellationToken);
        var view = await billing.ViewAsync(cancellationToken);
        if (order.GetLong("status") is not 0)
        {
            return ToolOutput.Json(new OrderNoteAnswer($"Order {order.Id} is not active; nothing was sent.", view.Order(order)));
        }

        var request = InvoiceMapping.CancelOrder(order.Id);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new CancelDryRun(view.Order(order)));
        }

        await session.Client.SendAsync(request, cancellationToken);
        var after = await billing.Commerce.OrderAfterWriteAsync(order.Id, cancellationToken);
        return ToolOutput.Json(after.Error is not null
            ? new CancelledAnswer(order["name"], order.Id, AfterWrite.Note(after, $"order {order.Id}", $"check it with get_objects (object_type: orders, id: {order.Id})"), null)
            : new CancelledAnswer(order["name"], null, null, after.Value is null ? new RemovedOrder(order.Id, "removed") : view.Order(after.Value)));
    }
}
