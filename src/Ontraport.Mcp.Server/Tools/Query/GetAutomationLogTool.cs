using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
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

        var items = entries.Select(e => new AutomationLogEntry(
            e.Id,
            e.GetTime(EngagementFields.AutomationLog.Date) is { } at ? RecordShaper.IsoDate(at) : null,
            e.GetLong(EngagementFields.AutomationLog.AutomationId) is { } automationId and > 0 ? Named.Ref(automationId, names) : null,
            e[EngagementFields.AutomationLog.Description])).ToList();

        var answer = new AutomationLogAnswer(
            GetContactLogTool.Summary(person),
            [.. current.Select(id => Named.Ref(id, names))],
            only is null ? null : new NameEcho(only.Id, only["name"]),
            window?.Window())
        {
            Note = total == 0
                ? $"No automation activity for {RecordLookup.ContactName(person)}" + (window is null && only is null ? "." : " with these filters; widen the window or drop automation.")
                : null,
        };
        return ToolOutput.List(answer, total, page, items);
    }
}
