using Ontraport.Mcp.Server.Tools.Parameters;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// The server's <c>instructions</c>: which tool to start with for each kind of question, then the one definition of
/// each shared parameter (<see cref="ToolParameters.Shared"/>), which the schemas leave undescribed. Clients that defer
/// tool schemas (Claude Code) choose tools from their names and this text, and Claude Code cuts instructions at 2,048
/// characters, so the text stays under that with the safety rules first among the parameters.
/// </summary>
public static class ServerInstructions
{
    /// <summary>Claude Code truncates server instructions (and each tool description) beyond this.</summary>
    public const int MaxCharacters = 2_048;

    private const string Guide =
        "One Ontraport CRM account. Start with:\n" +
        "- What exists: list_allowed_object_types, get_object_meta (fields).\n" +
        "- Records: get_objects, count_objects, build_api_condition; contacts: saveorupdate_object (matches email); others: update_object.\n" +
        "- History: get_contact_log, get_automation_log; email: get_recent_messages, get_scheduled_broadcasts.\n" +
        "- Tags, sequences, links: manage_tags, manage_subscriptions, manage_relationships; tasks: get_recent_tasks.\n" +
        "- Money: get_invoices, get_failed_transactions, get_payments.\n" +
        "Pages hold at most 50 records: narrow with condition and fields.\n" +
        "Parameters:\n";

    public static string Text { get; } = Guide + string.Join("\n", ToolParameters.Shared.Select(s => s.Label + ": " + s.Definition + "."));
}
