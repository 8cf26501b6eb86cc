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
        var items = entries.Select(e => new LogEntry(
            e.Id,
            e.GetTime(EngagementFields.LogItems.Date) is { } at ? RecordShaper.IsoDate(at) : null,
            shaper.ShapeValue(EngagementFields.LogItems.Type, e.Fields[EngagementFields.LogItems.Type])?.DeepClone(),
            e[EngagementFields.LogItems.Description],
            e.GetLong(EngagementFields.LogItems.MessageId) is { } messageId and > 0 ? Named.Ref(messageId, messages) : null)).ToList();

        var answer = new ContactLogAnswer(
            Summary(person),
            window?.Window(),
            activityCode is null ? null : OptionChoice.Options(metadata, EngagementFields.LogItems.Type).GetValueOrDefault(activityCode) ?? activityCode)
        {
            Note = total == 0
                ? $"No logged activity for {RecordLookup.ContactName(person)}" + (window is null && activityCode is null ? "." : " with these filters; widen the window or drop activity.")
                : null,
        };
        return ToolOutput.List(answer, total, page, items);
    }

    /// <summary>Who the log is about: id, name, email, last activity and email status.</summary>
    internal static ContactSummary Summary(OntraportRecord person) => new(
        person.Id,
        RecordFields.PersonName(person),
        person["email"] is { Length: > 0 } email ? email : null,
        person.GetTime("dla") is { } lastActivity ? RecordShaper.IsoDate(lastActivity) : null,
        person["bulk_mail"] is { } bulkMail ? KnownCodes.For(0, "bulk_mail")?.GetValueOrDefault(bulkMail) : null);
}
