using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
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
    [McpServerTool(Name = "get_automation_log", Title = "Automation history", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("What automations did for a contact, and the ones they are in.")]
    public async Task<CallToolResult> GetAutomationLog(
        string contact,
        string? automation = null,
        string? since = null,
        string? until = null,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var page = QueryPage.From(start, limit);
        var window = await DateRange.ReadAsync(session, since, until, cancellationToken);
        var person = await lookup.ContactAsync(contact, cancellationToken);
        var only = string.IsNullOrWhiteSpace(automation)
            ? null
            : await lookup.ByIdOrNameAsync(ObjectTypeRegistry.Find(ObjectTypeIds.Automation)!, automation, ["name"], "automation", cancellationToken);

        var query = RecordQuery.Of(ObjectTypeIds.AutomationLogItem).WhereEquals(EngagementFields.AutomationLog.ContactId, person.Id);
        if (only is not null)
        {
            query = query.WhereEquals(EngagementFields.AutomationLog.AutomationId, only.Id);
        }

        var (entries, total) = await page.Of(query.Where(window?.Conditions(EngagementFields.AutomationLog.Date) ?? [])
            .OrderBy(EngagementFields.AutomationLog.Date, SortDirection.Descending)).PageAsync(session.Client, cancellationToken);

        var current = IdList.Parse(person[SubscriberCriteria.AutomationsField]);
        var names = await lookup.NamesAsync(ObjectTypeIds.Automation,
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
            extra["note"] = $"No automation activity for {RecordLookup.ContactName(person)}" +
                (window is null && only is null ? "." : " with these filters; widen the window or drop automation.");
        }

        return ToolOutput.Json(ToolOutput.Page(total, page, items, extra));
    }
}
