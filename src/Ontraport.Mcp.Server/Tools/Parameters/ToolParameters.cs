namespace Ontraport.Mcp.Server.Tools.Parameters;

/// <summary>
/// One wording for each parameter many tools share (DESIGN §4.1), used in their <c>[Description]</c>. Every tool's
/// schema repeats these in tools/list, so they are short, plain ASCII (the SDK escapes quotes and non-ASCII to six bytes
/// each) and leave to the schema what it already says: types, <c>enum</c>s and <c>minimum</c>/<c>maximum</c>.
/// </summary>
public static class ToolParameters
{
    public const string ObjectType = "Id or name.";
    public const string ObjectTypeDefaultContacts = "Id or name (default contacts).";
    public const string Id = "The record id.";
    public const string Ids = "At most 500.";
    public const string GroupId = "Every member of this saved group.";
    public const string GroupFilter = "Only members of this saved group.";
    public const string Condition = "Readable (state = CA AND date_added within last 30 days) or criteria JSON.";
    public const string Search = "Free-text search.";
    public const string Fields = "Names or labels to return.";
    public const string Start = "Offset; next_start continues.";
    public const string Limit = "Default 20.";
    public const string Sort = "Field to sort by.";
    public const string SortDir = "Default asc.";
    public const string Since = "On or after: ISO date or phrase.";
    public const string Until = "Before: ISO date or phrase.";
    public const string Contact = "Id, email or full name.";

    /// <summary>The <c>contact</c> of the Manage tools that act on one contact instead of ids or a group.</summary>
    public const string TargetContact = "One contact: id, email or full name.";
    public const string ContactFilter = "Only this contact (id, email or name).";
    public const string Values = "Field name or label: value. Dates ISO 8601.";
    public const string ConfirmCount = "Over 100 records: their exact count.";
    public const string DryRun = "Validate; return the request unsent.";
    public const string AllowDuplicate = "Send even if sent in the last 10 minutes.";
    public const string TransactionId = "Transaction (invoice) id.";
    public const string InvoiceId = "Invoice id.";
    public const string OrderId = "Recurring order id.";
    public const string TaskId = "From get_recent_tasks.";
    public const string TaskContact = "Or the task contact (id, email or name).";
    public const string TaskMessageOfContact = "With contact: task message name or subject words.";
    public const string CardId = "Card on file (default the default card).";
    public const string Products = "Lines: product_id, quantity, price.";
    public const string Total = "Expected total; refused if the lines differ.";
    public const string DueDate = "Due date: ISO date or phrase.";
    public const string Memo = "Note printed on the invoice.";
    public const string SubscriptionSearch = "With contact: part of the subscription name.";
}
