using System.Globalization;
using Ontraport.Client.Conditions;
using Ontraport.Client.Metadata;
using Ontraport.Client.Objects;
using Ontraport.Client.Transactions;

namespace Ontraport.Mcp.Server.Tools.Commerce;

/// <summary>Finds the recurring order a call means: <c>order_id</c>, or a contact's only active order (matching <c>search</c>).</summary>
public static class Subscriptions
{
    public static async Task<OntraportRecord> FindAsync(Billing billing, long? orderId, string? contact, string? search, CancellationToken cancellationToken)
    {
        if (orderId is { } id)
        {
            return id > 0 && await billing.Commerce.OrderAsync(id, cancellationToken) is { } found
                ? found
                : throw new ToolInputException($"order_id: there is no order {id}. Find a contact's subscriptions with get_subscribers or get_objects on orders.");
        }

        if (string.IsNullOrWhiteSpace(contact))
        {
            throw new ToolInputException("Give order_id, or contact (and search for the subscription's name) to find the subscription.");
        }

        var person = await billing.Lookup.ContactAsync(contact, cancellationToken);
        var active = (await billing.Commerce.WhereAsync(TransactionRequests.Orders, CommerceService.Equal("contact_id", person.Id).And(
                Condition.Compare("status", ConditionOperator.Equal, ConditionLiteral.Of(0L))), 50, cancellationToken))
            .Where(o => string.IsNullOrWhiteSpace(search) || (o["name"] ?? "").Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
            .ToList();
        var name = RecordFields.PersonName(person);
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
