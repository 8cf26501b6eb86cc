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
public sealed class GetContactLogTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "get_contact_log", Title = "Activity history", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Activity of a contact: emails, opens, clicks, forms, visits, purchases, tasks.")]
    public async Task<CallToolResult> GetContactLog(
        string contact,
        [Description("A kind, e.g. Email opened.")] string? activity = null,
        string? since = null,
        string? until = null,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var page = QueryPage.From(start, limit);
        var logType = Client.ObjectTypes.ObjectTypeRegistry.Find(ObjectTypeIds.LogItem)!;
        var metadata = await session.MetadataAsync(logType, cancellationToken);
        var activityCode = string.IsNullOrWhiteSpace(activity)
            ? null
            : OptionChoice.Resolve(activity, "activity", OptionChoice.Options(metadata, EngagementFields.LogItems.Type));
        var window = await DateRange.ReadAsync(session, since, until, cancellationToken);

        var person = await lookup.ContactAsync(contact, cancellationToken);
        var query = RecordQuery.Of(ObjectTypeIds.LogItem).WhereEquals(EngagementFields.LogItems.ContactId, person.Id)
            .Where(window?.Conditions(EngagementFields.LogItems.Date) ?? [])
            .OrderBy(EngagementFields.LogItems.Date, SortDirection.Descending);
        if (activityCode is not null)
        {
            query = query.WhereEquals(EngagementFields.LogItems.Type, activityCode);
        }

        var (entries, total) = await page.Of(query).PageAsync(session.Client, cancellationToken);
        var messages = await lookup.NamesAsync(ObjectTypeIds.Message, entries.Select(e => e.GetLong(EngagementFields.LogItems.MessageId)), [EngagementFields.Messages.Name], cancellationToken);

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
                item["message"] = Named.Of(messageId, messages);
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

        if (total == 0 && page.Note is null)
        {
            extra["note"] = $"No logged activity for {RecordLookup.ContactName(person)}" + (window is null && activityCode is null ? "." : " with these filters; widen the window or drop activity.");
        }

        return ToolOutput.Json(ToolOutput.Page(total, page, items, extra));
    }

    /// <summary>Who the log is about: id, name, email, last activity and email status.</summary>
    internal static JsonObject ContactSummary(OntraportRecord person)
    {
        var summary = new JsonObject { ["id"] = person.Id, ["name"] = RecordFields.PersonName(person) };
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
