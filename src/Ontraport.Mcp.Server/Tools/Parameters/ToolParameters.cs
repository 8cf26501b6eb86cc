namespace Ontraport.Mcp.Server.Tools.Parameters;

/// <summary>
/// The one definition of each parameter many tools share (DESIGN §4.1). It is written once, in the server instructions
/// (<see cref="ServerInstructions"/>), and a shared parameter carries no <c>[Description]</c> of its own: 48 schemas
/// repeating the same words cost a third of tools/list (issue 14), while its name, type, <c>enum</c> and
/// <c>minimum</c>/<c>maximum</c> stay in each schema. A parameter whose meaning differs from the one here takes another
/// name or its own description; a test holds every undescribed parameter to this list.
/// </summary>
public static class ToolParameters
{
    /// <summary>The definitions, in the order the instructions give them (the most consequential first).</summary>
    public static IReadOnlyList<SharedParameter> Shared { get; } =
    [
        new("dry_run", ["dry_run"], "validate all, send nothing, answer the requests"),
        new("allow_duplicate", ["allow_duplicate"], "money writes go once, never retried; a repeat within 10 minutes (create_object: a known email; assign_task: a pending task of the message) is refused unless true"),
        new("confirm_count", ["confirm_count"], "over 100 records needs their exact count (dry_run tells it)"),
        new("object_type", ["object_type"], "id or name; default contacts"),
        new("id, ids", ["id", "ids"], "record ids (500 at most)"),
        new("contact", ["contact"], "id, email or full name; a write without an id picks their one matching task, transaction or order"),
        new("group_id", ["group_id"], "a saved group (get_groups)"),
        new("condition", ["condition"], "readable (state = CA AND date_added within last 30 days) or criteria JSON"),
        new("search, fields", ["search", "fields"], "text to find; names or labels to return"),
        new("since, until", ["since", "until"], "ISO date or phrase, account time zone; an until day counts whole"),
        new("start, limit, sort, sort_dir", ["start", "limit", "sort", "sort_dir"], "page offset from 0 (next_start), size 1-50 (20), order (asc)"),
        new("values", ["values"], "field name or label: value; null clears"),
        new("task_id, task_message", ["task_id", "task_message"], "a task (get_recent_tasks), or contact with its message name"),
        new("transaction_id, invoice_id, order_id", ["transaction_id", "invoice_id", "order_id"], "an invoice; a subscription (or contact and search)"),
        new("products, total, offer_id", ["products", "total", "offer_id"], "lines {product_id, quantity (1), price (catalog)} or an offer; total must match the lines"),
        new("card_id, gateway_id", ["card_id", "gateway_id"], "a card on file (default card), its gateway"),
        new("due_date, owner, memo", ["due_date", "owner", "memo"], "ISO date or phrase (a task keeps its time of day); a user; invoice note"),
        new("tag, sequence, automation, *_ids, *_names, names, action",
            ["tag", "sequence", "automation", "tag_ids", "tag_names", "sequence_ids", "sequence_names", "automation_ids", "automation_names", "names", "action"],
            "by id or name (a unique part); action: the enum"),
    ];

    /// <summary>Every shared name.</summary>
    public static IReadOnlySet<string> Names { get; } = Shared.SelectMany(s => s.Names).ToHashSet(StringComparer.Ordinal);
}

/// <summary>One line of the instructions: the names as written there (<paramref name="Label"/>), each parameter it covers, and their meaning.</summary>
public sealed record SharedParameter(string Label, string[] Names, string Definition);
