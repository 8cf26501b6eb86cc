using System.ComponentModel;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Conditions;
using Ontraport.Client.Engagement;
using Ontraport.Client.Inferred;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class GetContactLogTool(ToolSession session, RecordLookup lookup)
{
    private const int LogItemTypeId = 4;
    private const int MessageTypeId = 7;

    [McpServerTool(Name = "get_contact_log", Title = "Get a contact's activity history", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("A contact's activity history, newest first: emails sent, opened and clicked (with the message), forms, page visits, " +
        "purchases, tasks, calls. Filter by activity and a time window. Automation steps are in get_automation_log; notes in get_recent_notes.")]
    public async Task<CallToolResult> GetContactLog(
        [Description("Contact id, email or full name.")] string contact,
        [Description("Only this kind of activity, e.g. \"Email opened\", \"Link clicked\", \"Email sent\".")] string? activity = null,
        [Description("Start of the window: ISO date or phrase (\"last 90 days\", \"this month\").")] string? since = null,
        [Description("End of the window (exclusive): ISO date or phrase.")] string? until = null,
        [Description("Offset of the first entry (use next_start from the previous page).")] int? start = null,
        [Description("Page size, 1-50 (default 20).")] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var page = QueryPage.From(start, limit);
        var logType = Client.ObjectTypes.ObjectTypeRegistry.Find(LogItemTypeId)!;
        var metadata = await session.MetadataAsync(logType, cancellationToken);
        var activityCode = string.IsNullOrWhiteSpace(activity)
            ? null
            : OptionChoice.Resolve(activity, "activity", OptionChoice.Options(metadata, EngagementFields.LogItems.Type));
        var window = await DateRange.ReadAsync(session, since, until, cancellationToken);

        var person = await lookup.ContactAsync(contact, cancellationToken);
        var criteria = Criteria.Where(Condition.Compare(EngagementFields.LogItems.ContactId, ConditionOperator.Equal, ConditionLiteral.Of(person.Id)));
        if (activityCode is not null)
        {
            criteria = criteria.And(Condition.Compare(EngagementFields.LogItems.Type, ConditionOperator.Equal, ConditionLiteral.Of(activityCode)));
        }

        foreach (var bound in window?.Conditions(EngagementFields.LogItems.Date) ?? [])
        {
            criteria = criteria.And(bound);
        }

        var selection = new RecordSelection { Condition = criteria };
        var entriesTask = session.Client.Objects.ListAsync(LogItemTypeId, page.Options(selection, EngagementFields.LogItems.Date, SortDirection.Descending), cancellationToken);
        var infoTask = session.Client.Objects.GetInfoAsync(LogItemTypeId, selection, cancellationToken);
        await Task.WhenAll(entriesTask, infoTask);
        var entries = entriesTask.Result;
        var messages = await RecordNames.ForAsync(session, MessageTypeId, entries.Select(e => e.GetLong(EngagementFields.LogItems.MessageId)), [EngagementFields.Messages.Name], cancellationToken);

        var shaper = session.Shaper(logType, metadata);
        var items = entries.Select(e =>
        {
            var item = new JsonObject { ["id"] = e.Id };
            if (e.GetTime(EngagementFields.LogItems.Date) is { } at)
            {
                item["date"] = RecordShaper.IsoDate(at);
            }

            item["activity"] = shaper.ShapeValue(EngagementFields.LogItems.Type, e.Fields[EngagementFields.LogItems.Type])?.DeepClone();
            item["description"] = e[EngagementFields.LogItems.Description];
            if (e.GetLong(EngagementFields.LogItems.MessageId) is { } messageId and > 0)
            {
                item["message"] = messages.GetValueOrDefault(messageId) is { } name ? $"{name} (#{messageId})" : $"#{messageId}";
            }

            return item;
        }).ToList();

        var extra = new JsonObject { ["contact"] = ContactSummary(person) };
        if (window is not null)
        {
            extra["window"] = window.Echo();
        }

        if (activityCode is not null)
        {
            extra["activity"] = OptionChoice.Options(metadata, EngagementFields.LogItems.Type).GetValueOrDefault(activityCode) ?? activityCode;
        }

        if (page.Note is not null)
        {
            extra["note"] = page.Note;
        }
        else if (infoTask.Result.Count == 0)
        {
            extra["note"] = $"No logged activity for {RecordNames.Display(person, ["firstname", "lastname", "email"])}" + (window is null && activityCode is null ? "." : " with these filters; widen the window or drop activity.");
        }

        return ToolOutput.Json(ToolOutput.Page(infoTask.Result.Count, page.Start, items, page.Size, extra));
    }

    /// <summary>Who the log is about: id, name, email, last activity and email status.</summary>
    internal static JsonObject ContactSummary(OntraportRecord person)
    {
        var summary = new JsonObject { ["id"] = person.Id, ["name"] = RecordLookup.FullName(person) };
        if (person["email"] is { Length: > 0 } email)
        {
            summary["email"] = email;
        }

        if (person.GetTime("dla") is { } lastActivity)
        {
            summary["last_activity"] = RecordShaper.IsoDate(lastActivity);
        }

        if (person["bulk_mail"] is { } bulkMail && KnownCodes.For(0, "bulk_mail")?.GetValueOrDefault(bulkMail) is { } status)
        {
            summary["email_status"] = status;
        }

        return summary;
    }
}
