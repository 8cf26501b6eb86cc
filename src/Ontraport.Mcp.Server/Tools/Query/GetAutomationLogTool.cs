using System.ComponentModel;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Engagement;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class GetAutomationLogTool(ToolSession session, RecordLookup lookup)
{
    private const int AutomationLogTypeId = 100;
    private const int AutomationTypeId = 140;

    [McpServerTool(Name = "get_automation_log", Title = "Get a contact's automation history", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("What automations did for one contact, newest first: added to or removed from an automation, emails and SMS sent, tags, " +
        "field updates, tasks. Also lists the automations the contact is in now. Filter by automation and a time window (\"last 3 months\").")]
    public async Task<CallToolResult> GetAutomationLog(
        [Description("Contact id, email or full name.")] string contact,
        [Description("Only this automation (id or name).")] string? automation = null,
        [Description("Start of the window: ISO date or phrase (\"last 3 months\", \"this year\").")] string? since = null,
        [Description("End of the window (exclusive): ISO date or phrase.")] string? until = null,
        [Description("Offset of the first entry (use next_start from the previous page).")] int? start = null,
        [Description("Page size, 1-50 (default 20).")] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var page = QueryPage.From(start, limit);
        var window = await DateRange.ReadAsync(session, since, until, cancellationToken);
        var person = await lookup.ContactAsync(contact, cancellationToken);
        var only = string.IsNullOrWhiteSpace(automation)
            ? null
            : await lookup.ByIdOrNameAsync(ObjectTypeRegistry.Find(AutomationTypeId)!, automation, ["name"], "automation", cancellationToken);

        var query = RecordQuery.Of(AutomationLogTypeId).WhereEquals(EngagementFields.AutomationLog.ContactId, person.Id);
        if (only is not null)
        {
            query = query.WhereEquals(EngagementFields.AutomationLog.AutomationId, only.Id);
        }

        var (entries, total) = await page.Of(query.Where(window?.Conditions(EngagementFields.AutomationLog.Date) ?? [])
            .OrderBy(EngagementFields.AutomationLog.Date, SortDirection.Descending)).PageAsync(session.Client, cancellationToken);

        var current = IdList.Parse(person[SubscriberCriteria.AutomationsField]);
        var names = await RecordNames.ForAsync(session, AutomationTypeId,
            entries.Select(e => e.GetLong(EngagementFields.AutomationLog.AutomationId)).Concat(current.Select(c => (long?)c)), ["name"], cancellationToken);

        var items = entries.Select(e =>
        {
            var item = new JsonObject { ["id"] = e.Id };
            if (e.GetTime(EngagementFields.AutomationLog.Date) is { } at)
            {
                item["date"] = RecordShaper.IsoDate(at);
            }

            if (e.GetLong(EngagementFields.AutomationLog.AutomationId) is { } automationId and > 0)
            {
                item["automation"] = Named.Of(automationId, names);
            }

            item["description"] = e[EngagementFields.AutomationLog.Description];
            return item;
        }).ToList();

        var extra = new JsonObject
        {
            ["contact"] = GetContactLogTool.ContactSummary(person),
            ["current_automations"] = new JsonArray([.. current.Select(id => (JsonNode)Named.Of(id, names))]),
        };
        if (only is not null)
        {
            extra["automation"] = new JsonObject { ["id"] = only.Id, ["name"] = only["name"] };
        }

        if (window is not null)
        {
            extra["window"] = window.Echo();
        }

        if (total == 0 && page.Note is null)
        {
            extra["note"] = $"No automation activity for {RecordNames.Display(person, ["firstname", "lastname", "email"])}" +
                (window is null && only is null ? "." : " with these filters; widen the window or drop automation.");
        }

        return ToolOutput.Json(ToolOutput.Page(total, page, items, extra));
    }
}
