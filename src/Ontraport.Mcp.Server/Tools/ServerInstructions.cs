namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// The server's <c>instructions</c>: which tool to start with for each kind of question. Clients that defer tool
/// schemas (Claude Code) choose tools from their names and this text, so it names the entry points, not every tool.
/// </summary>
public static class ServerInstructions
{
    public const string Text =
        "Tools for one Ontraport CRM account. Where to start:\n" +
        "- What exists: list_allowed_object_types, then get_object_meta for a type's fields (check it before writing values, conditions or proposing a new field).\n" +
        "- Find or read records: get_objects (condition, search, group_id, fields); how many or totals: count_objects; a readable condition as criteria JSON: build_api_condition.\n" +
        "- Add or change a contact: saveorupdate_object (matches on email, never duplicates); other records: update_object.\n" +
        "- A contact's history: get_contact_log, get_automation_log; email performance: get_recent_messages; what is queued: get_scheduled_broadcasts.\n" +
        "- Tags, sequences, links: manage_tags, manage_subscriptions, manage_relationships. Tasks: get_recent_tasks, assign_task, complete_task, cancel_task, reschedule_task.\n" +
        "- Money: get_invoices, get_failed_transactions, get_payments first; charges and refunds are never retried and refuse duplicates.\n" +
        "Dates: ISO 8601 or phrases (today, last 30 days, this month). Pages hold at most 50 records: narrow with condition and fields. For bulk work across the account use the API or a workflow tool. Every write takes dry_run.";
}
