using System.Collections.Frozen;
using Ontraport.Client.ObjectTypes;
using static Ontraport.Client.ObjectTypes.ObjectTypeIds;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// Which of this server's tools serve an object type (the seed's "Available objects" table), and the types whose records
/// change only through their specialized tools (DESIGN §4.2: Invoices, Payments and Orders through the Commerce tools).
/// The client knows object types; this table is the one place that knows the MCP tools for them. list_allowed_object_types
/// shows it and <see cref="ToolSession.EnsureGenericWrite"/> enforces it.
/// </summary>
public static class ObjectTypeTools
{
    private static readonly FrozenDictionary<int, string[]> Specialized = new Dictionary<int, string[]>
    {
        [Contact] = ["manage_tags", "manage_subscriptions", "manage_relationships"],
        [ObjectTypeIds.Task] = ["get_recent_tasks", "assign_task", "complete_task", "cancel_task", "reschedule_task"],
        [Group] = ["get_groups"],
        [LogItem] = ["get_contact_log"],
        [Note] = ["get_recent_notes"],
        [Tag] = ["manage_tags", "get_subscribers"],
        [TagSubscriber] = ["get_subscribers", "manage_tags"],
        [TaskOutcome] = ["complete_task"],
        [CustomObjectRelationship] = ["manage_relationships"],
        [Sequence] = ["get_subscribers", "manage_subscriptions", "pause_unpause_objects"],
        [SequenceSubscriber] = ["get_subscribers", "manage_subscriptions"],
        [Rule] = ["pause_unpause_objects"],
        [Message] = ["get_recent_messages"],
        [LandingPage] = ["get_landing_page_url"],
        [ScheduledBroadcast] = ["get_scheduled_broadcasts"],
        [AutomationLogItem] = ["get_automation_log"],
        [Automation] = ["manage_subscriptions", "pause_unpause_objects"],
        [Purchase] = ["get_purchases"],
        [Transaction] = ["get_invoices", "get_failed_transactions", "create_invoice", "update_invoice", "pay_invoice", "send_invoice", "convert_transaction", "write_off_transaction"],
        [Payment] = ["get_payments", "process_transaction", "log_offline_purchase", "refund_transaction", "void_transaction", "mark_transaction_paid", "rerun_transaction"],
        [Order] = ["update_order", "cancel_subscription"],
        [OpenOrder] = ["get_subscribers", "manage_subscriptions", "cancel_subscription"],
        [Gateway] = ["get_account_info"],
        [User] = ["get_account_info"],
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<int, string> OnlyThrough = new Dictionary<int, string>
    {
        [Transaction] = "create_invoice, update_invoice, pay_invoice, send_invoice, mark_transaction_paid, convert_transaction or write_off_transaction",
        [Payment] = "process_transaction, log_offline_purchase, refund_transaction, void_transaction, mark_transaction_paid or rerun_transaction",
        [Order] = "update_order or cancel_subscription",
    }.ToFrozenDictionary();

    /// <summary>Every tool name the table mentions (a test checks each exists).</summary>
    public static IEnumerable<string> AllNames => Specialized.Values.SelectMany(t => t).Distinct();

    /// <summary>The specialized tools to prefer over the generic ones for <paramref name="type"/>.</summary>
    public static IReadOnlyList<string> For(ObjectType type) =>
        Specialized.TryGetValue(type.Id, out var tools) ? tools : [];

    /// <summary>When set, generic create/update/delete of <paramref name="type"/> are refused: its records change only through these tools.</summary>
    public static string? WritesOnlyThrough(ObjectType type) => OnlyThrough.GetValueOrDefault(type.Id);
}
