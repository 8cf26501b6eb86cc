using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
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
            var contactId = t.GetLong("contact_id") is { } id and > 0 ? id : (long?)null;
            var due = t.GetTime("date_due");
            return new TaskItem(
                t.Id,
                t["subject"],
                KnownCodes.For(ObjectTypeIds.Task, "status")?.GetValueOrDefault(code) ?? code,
                t.GetLong("owner") is { } ownerId ? ownersTask.Result.GetValueOrDefault(ownerId) : null,
                contactId,
                contactId is { } known ? contactsTask.Result.GetValueOrDefault(known) : null,
                due is { } d ? RecordShaper.IsoDate(d) : null,
                code == "0" && due < now ? true : null,
                t.GetTime("date_assigned") is { } assigned ? RecordShaper.IsoDate(assigned) : null,
                t.GetTime("date_complete") is { } completed ? RecordShaper.IsoDate(completed) : null,
                t.GetLong("call_outcome_id") is { } outcome ? outcomesTask.Result.GetValueOrDefault(outcome) : null);
        }).ToList();

        var answer = new RecentTasksAnswer(
            wanted?.Word ?? "all",
            assignee is null ? null : new NameEcho(assignee.Id, RecordFields.PersonName(assignee)),
            person is null ? null : new NameEcho(person.Id, RecordFields.PersonName(person)),
            window?.Window())
        {
            Note = total == 0 ? $"No {wanted?.Word ?? ""} task matches these filters.".Replace("  ", " ", StringComparison.Ordinal) : null,
        };
        return ToolOutput.List(answer, total, page, items);
    }
}
