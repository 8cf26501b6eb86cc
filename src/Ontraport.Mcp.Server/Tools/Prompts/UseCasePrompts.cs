using System.ComponentModel;
using ModelContextProtocol.Server;

namespace Ontraport.Mcp.Server.Tools.Prompts;

/// <summary>
/// The four use cases of Ontraport's MCP help page (shared/seeds/000), as MCP prompts: each names the tools to use in
/// order and carries the page's own advice. The agent works on a desk, not a warehouse: a few records at a time, with
/// bulk work handed to the API or a workflow tool (n8n, Zapier, Make).
/// </summary>
[McpServerPromptType]
public sealed class UseCasePrompts
{
    private const string Desk =
        "Work like a desk, not a warehouse: you see one page of records at a time (at most 50), so never claim to have " +
        "analysed or changed every record. For work across many records, give the user the condition or the ids and " +
        "recommend the Ontraport API or a workflow tool such as n8n, Zapier or Make, which page through everything reliably.";

    [McpServerPrompt(Name = "sales_deal_tracking", Title = "Sales deal tracking")]
    [Description("Update a deal in the pipeline: move its stage, and add or link its contact and company without creating duplicates.")]
    public static string SalesDealTracking(
        [Description("The deal: its id or name, e.g. 1234 or Acme renewal.")] string deal,
        [Description("What changes, e.g. status Negotiation, or a new primary contact.")] string change,
        [Description("Optional: the contact to add or link (name and email).")] string? contact = null,
        [Description("Optional: the company to add or link.")] string? company = null) =>
        $"""
        Update the Ontraport deal "{deal}": {change}.{Optional(" Contact: ", contact, ".")}{Optional(" Company: ", company, ".")}

        1. Find the deal with get_objects (object_type deals; id, or search by name). If several match, ask which one.
        2. Check the field you change with get_object_meta (object_type deals, search for it): use the exact field name and one of its drop-down options, e.g. the stage.
        3. A contact is added or updated with saveorupdate_object (it matches on email, so it never duplicates); never create_object for contacts.
        4. A company: look for it first with get_objects (object_type companies, search); create_object only when it does not exist.
        5. Link the contact or company to the deal with manage_relationships (action link).
        6. Change the deal with update_object. Run each write with dry_run true first, show the user the request, then send it.
        7. Answer with what changed (the tools return only the changed fields) and the ids involved.

        Deals (149) and companies (150) need their System Apps enabled in the account; if the type is missing, list_allowed_object_types says so.
        {Desk}
        """;

    [McpServerPrompt(Name = "email_list_health", Title = "Email list health")]
    [Description("Audit email engagement, agree on a testable definition of an unengaged contact, and hand the segment to the API or a workflow tool.")]
    public static string EmailListHealth(
        [Description("The time window to review, e.g. this month or last 90 days.")] string period,
        [Description("Optional: one contact (id, email or name) whose history to audit.")] string? contact = null) =>
        $"""
        Review the email health of this Ontraport account for {period}.

        1. Engagement across the account: get_recent_messages with since {period}: sends, opens, clicks and unsubscribes per message. Point out the weak ones.
        {(contact is null ? "2. For a contact the user names, get_contact_log shows which emails they received, opened and clicked." : $"2. Audit {contact} with get_contact_log (emails sent, opened, clicked) and get_automation_log.")}
        3. The judgment step: propose a precise, testable definition of unengaged for this list (for example no email open or click in the last 180 days) and agree it with the user.
        4. Size the segment with count_objects (object_type contacts, condition) rather than fetching it.
        5. Turn the definition into Ontraport criteria JSON with build_api_condition, ready for the API or a workflow tool.

        Do not tag, unsubscribe or delete the segment from here: the agent sees a fraction of the records and would act on that fraction as if it were all.
        {Desk}
        """;

    [McpServerPrompt(Name = "account_governance", Title = "Account governance")]
    [Description("Before anyone builds a new field, check the existing structure for one that already does the job.")]
    public static string AccountGovernance(
        [Description("The record type the field would go on, e.g. contacts or deals.")] string object_type,
        [Description("The proposed field name, e.g. Coaching Program.")] string proposed_field,
        [Description("Optional: what the field would track.")] string? purpose = null) =>
        $"""
        Someone wants to create a field "{proposed_field}" on {object_type}{Optional(" to track ", purpose)}. Check whether the account already has something that does the job.

        1. list_allowed_object_types: confirm the record type and see the related types (a custom object may already model this).
        2. get_object_meta for {object_type}: read every field with its label, type and drop-down options. Also search it for words of the proposed name{(purpose is null ? "" : " and purpose")}.
        3. Compare: same meaning under another label, a drop-down that could take one more option, a tag or a group that already segments this. Name the candidates with their field names.
        4. Give a verdict: reuse an existing field (which one, and how), extend one, or create the new field because nothing overlaps, with a name and type that fit the existing conventions.

        This server does not edit the schema: a new field is created in Ontraport itself. Read only; change nothing.
        """;

    [McpServerPrompt(Name = "campaign_context", Title = "Campaign context")]
    [Description("Work inside one campaign: its scheduled and sent emails, its members, and the tagging, enrolment and follow-up tasks it needs.")]
    public static string CampaignContext(
        [Description("The campaign, e.g. Q3 Summer Promo.")] string campaign,
        [Description("Optional: your role, e.g. sales rep or marketing lead.")] string? role = null) =>
        $"""
        You are an assistant for the {campaign} campaign{Optional(", working with a ", role)}. Keep this context for the whole conversation.

        Campaign status:
        - get_scheduled_broadcasts (since this week) for what is about to go out.
        - get_recent_messages (since this month, search {campaign}) for how recent emails performed.
        - get_subscribers for who is on the campaign tag, sequence or automation.

        Journey management, one contact at a time:
        - manage_tags to tag a contact (e.g. warm lead); manage_subscriptions to enrol them in a sequence or automation.
        - assign_task for a follow-up (task_message, contact, owner, due_date as an ISO date); complete_task with an outcome, checking get_task_form_requirements first when the task has a form.

        Use dry_run on writes when unsure, and say what changed.
        {Desk}
        """;

    private static string Optional(string prefix, string? value, string suffix = "") => string.IsNullOrWhiteSpace(value) ? "" : prefix + value.Trim() + suffix;
}
