using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Engagement;
using Ontraport.Client.Inferred;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class GetRecentTasksTool(ToolSession session, RecordLookup lookup)
{
    /// <summary>Task status codes (API reference §5.3 [V]).</summary>
    private static readonly Dictionary<string, (string Code, string Word)> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["open"] = ("0", "pending"), ["pending"] = ("0", "pending"),
        ["completed"] = ("1", "complete"), ["complete"] = ("1", "complete"), ["done"] = ("1", "complete"),
        ["cancelled"] = ("2", "cancelled"), ["canceled"] = ("2", "cancelled"),
    };

    [McpServerTool(Name = "get_recent_tasks", Title = "List tasks", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Tasks with assignee and contact; open ones by due date, overdue first.")]
    public async Task<CallToolResult> GetRecentTasks(
        [Description("Default open."), AllowedValues("open", "completed", "cancelled", "all")] string? status = null,
        string? owner = null,
        string? contact = null,
        string? since = null,
        string? until = null,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var page = QueryPage.From(start, limit);
        (string Code, string Word)? wanted = Statuses["open"];
        var statusText = status?.Trim();
        if (statusText is { Length: > 0 })
        {
            wanted = statusText.Equals("all", StringComparison.OrdinalIgnoreCase) ? null
                : Statuses.TryGetValue(statusText, out var known) ? known
                : throw new ToolInputException($"status must be open, completed, cancelled or all, not '{status}'.");
        }

        var window = await DateRange.ReadAsync(session, since, until, cancellationToken);
        var assignee = string.IsNullOrWhiteSpace(owner) ? null : await lookup.UserAsync(owner, cancellationToken);
        var person = string.IsNullOrWhiteSpace(contact) ? null : await lookup.ContactAsync(contact, cancellationToken);

        var query = RecordQuery.Of(ObjectTypeIds.Task);
        if (wanted is { } w)
        {
            query = query.WhereEquals("status", w.Code);
        }

        if (assignee is not null)
        {
            query = query.WhereEquals("owner", assignee.Id);
        }

        if (person is not null)
        {
            query = query.WhereEquals("contact_id", person.Id);
        }

        var (sort, direction) = wanted?.Code switch
        {
            "0" => ("date_due", SortDirection.Ascending),
            "1" => ("date_complete", SortDirection.Descending),
            _ => ("date_due", SortDirection.Descending),
        };
        var (tasks, total) = await page.Of(query.Where(window?.Conditions("date_due") ?? []).OrderBy(sort, direction)).PageAsync(session.Client, cancellationToken);

        var ownersTask = lookup.UserNamesAsync(tasks.Select(t => t.GetLong("owner") ?? 0), cancellationToken);
        var contactsTask = lookup.ContactNamesAsync(tasks.Select(t => t.GetLong("contact_id")), cancellationToken);
        var outcomesTask = lookup.NamesAsync(ObjectTypeIds.TaskOutcome, tasks.Select(t => t.GetLong("call_outcome_id")), [EngagementFields.TaskOutcomes.Name], cancellationToken);
        await Task.WhenAll(ownersTask, contactsTask, outcomesTask);

        var now = session.Time.GetUtcNow();
        var items = tasks.Select(t =>
        {
            var code = t["status"] ?? "";
            var item = new JsonObject
            {
                ["id"] = t.Id,
                ["subject"] = t["subject"],
                ["status"] = KnownCodes.For(ObjectTypeIds.Task, "status")?.GetValueOrDefault(code) ?? code,
            };
            if (t.GetLong("owner") is { } ownerId && ownersTask.Result.TryGetValue(ownerId, out var ownerName))
            {
                item["assignee"] = ownerName;
            }

            if (t.GetLong("contact_id") is { } contactId and > 0)
            {
                item["contact_id"] = contactId;
                if (contactsTask.Result.TryGetValue(contactId, out var contactName))
                {
                    item["contact"] = contactName;
                }
            }

            if (t.GetTime("date_due") is { } due)
            {
                item["due"] = RecordShaper.IsoDate(due);
                if (code == "0" && due < now)
                {
                    item["overdue"] = true;
                }
            }

            if (t.GetTime("date_assigned") is { } assigned)
            {
                item["assigned"] = RecordShaper.IsoDate(assigned);
            }

            if (t.GetTime("date_complete") is { } completed)
            {
                item["completed"] = RecordShaper.IsoDate(completed);
            }

            if (t.GetLong("call_outcome_id") is { } outcome && outcomesTask.Result.TryGetValue(outcome, out var outcomeName))
            {
                item["outcome"] = outcomeName;
            }

            return item;
        }).ToList();

        var extra = new JsonObject { ["status"] = wanted?.Word ?? "all" };
        if (assignee is not null)
        {
            extra["assignee"] = new JsonObject { ["id"] = assignee.Id, ["name"] = RecordFields.PersonName(assignee) };
        }

        if (person is not null)
        {
            extra["contact"] = new JsonObject { ["id"] = person.Id, ["name"] = RecordFields.PersonName(person) };
        }

        if (window is not null)
        {
            extra["due_window"] = window.Echo();
        }

        if (total == 0 && page.Note is null)
        {
            extra["note"] = $"No {wanted?.Word ?? ""} task matches these filters.".Replace("  ", " ", StringComparison.Ordinal);
        }

        return ToolOutput.Json(ToolOutput.Page(total, page, items, extra));
    }
}
