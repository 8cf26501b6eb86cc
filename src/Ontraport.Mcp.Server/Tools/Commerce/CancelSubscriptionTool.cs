using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Objects;
using Ontraport.Client.Transactions;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

[McpServerToolType, Toolset(Toolsets.Commerce)]
public sealed class CancelSubscriptionTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "cancel_subscription", Title = "Cancel a subscription", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true)]
    [Description("Cancel a contact's active recurring order (subscription or payment plan) so it is not charged again, by order_id " +
        "or by contact (and product name when they have several). Past charges stay. An already cancelled order is left as it is.")]
    public async Task<CallToolResult> CancelSubscription(
        [Description("The order id (see get_subscribers or get_objects on orders).")] long? order_id = null,
        [Description("Instead of order_id: the contact (id, email or name) whose subscription is cancelled.")] string? contact = null,
        [Description("With contact: part of the subscription's name, e.g. \"Membership\", when they have several.")] string? search = null,
        [Description("Validate and return the exact request without sending it.")] bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var billing = new Billing(session, lookup);
        var order = await Subscriptions.FindAsync(billing, order_id, contact, search, cancellationToken);
        var view = await billing.ViewAsync(cancellationToken);
        if (order.GetLong("status") is not 0)
        {
            return ToolOutput.Json(new JsonObject { ["note"] = $"Order {order.Id} is not active; nothing was sent.", ["order"] = view.Order(order) });
        }

        var request = InvoiceMapping.CancelOrder(order.Id);
        if (dry_run)
        {
            return ToolOutput.DryRun([request], new JsonObject { ["would_cancel"] = view.Order(order) });
        }

        await session.Client.SendAsync(request, cancellationToken);
        var after = await session.Client.Objects.GetAsync(TransactionRequests.Orders, order.Id, cancellationToken);
        return ToolOutput.Json(new JsonObject
        {
            ["cancelled"] = order["name"],
            ["order"] = after is null ? new JsonObject { ["id"] = order.Id, ["status"] = "removed" } : view.Order(after),
        });
    }
}

/// <summary>Finds the recurring order a call means: <c>order_id</c>, or a contact's only active order (matching <c>search</c>).</summary>
public static class Subscriptions
{
    public static async Task<OntraportRecord> FindAsync(Billing billing, long? orderId, string? contact, string? search, CancellationToken cancellationToken)
    {
        if (orderId is { } id)
        {
            return id > 0 && await billing.Client.Objects.GetAsync(TransactionRequests.Orders, id, cancellationToken) is { } found
                ? found
                : throw new ToolInputException($"order_id: there is no order {id}. Find a contact's subscriptions with get_subscribers or get_objects on orders.");
        }

        if (string.IsNullOrWhiteSpace(contact))
        {
            throw new ToolInputException("Give order_id, or contact (and search for the subscription's name) to find the subscription.");
        }

        var person = await billing.Lookup.ContactAsync(contact, cancellationToken);
        var active = (await billing.WhereAsync(TransactionRequests.Orders, Billing.Equal("contact_id", person.Id).And(
                Client.Conditions.Condition.Compare("status", Client.Conditions.ConditionOperator.Equal, Client.Conditions.ConditionLiteral.Of(0L))), 50, cancellationToken))
            .Where(o => string.IsNullOrWhiteSpace(search) || (o["name"] ?? "").Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
            .ToList();
        var name = RecordLookup.FullName(person);
        return active.Count switch
        {
            1 => active[0],
            0 => throw new ToolInputException($"{name} ({person.Id}) has no active subscription{(string.IsNullOrWhiteSpace(search) ? "" : $" matching '{search}'")}."),
            _ => throw new ToolInputException($"{name} has {active.Count} active subscriptions: " +
                string.Join("; ", active.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Id} {o["name"]} ({o["next_charge"]} per {o["unit"]})"))) +
                ". Give order_id, or search with part of its name."),
        };
    }
}
