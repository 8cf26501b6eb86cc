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
public sealed class GetScheduledBroadcastsTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "get_scheduled_broadcasts", Title = "Scheduled broadcasts", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Queued email and SMS broadcasts: message, group, recipients.")]
    public async Task<CallToolResult> GetScheduledBroadcasts(
        [Description("scheduled (default), sent, cancelled or all.")] string? status = null,
        string? since = null,
        string? until = null,
        [Description("Default all."), AllowedValues("email", "sms", "all")] string? message_type = null,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var page = QueryPage.From(start, limit);
        var broadcastType = ObjectTypeRegistry.Find(ObjectTypeIds.ScheduledBroadcast)!;
        var metadata = await session.MetadataAsync(broadcastType, cancellationToken);
        var statuses = OptionChoice.Options(metadata, EngagementFields.Broadcasts.Status, EngagementFields.Broadcasts.StatusCodes);
        var statusText = string.IsNullOrWhiteSpace(status) ? "scheduled" : status.Trim();
        var statusCode = statusText.Equals("all", StringComparison.OrdinalIgnoreCase) ? null : OptionChoice.Resolve(statusText, "status", statuses);
        var channel = message_type?.Trim().ToLowerInvariant() switch
        {
            null or "" or "all" => null,
            "email" or "emails" => "email",
            "sms" or "text" or "texts" => "sms",
            _ => throw new ToolInputException($"message_type must be email, sms or all, not '{message_type}'."),
        };
        var window = await DateRange.ReadAsync(session, since, until, cancellationToken);

        var query = RecordQuery.Of(ObjectTypeIds.ScheduledBroadcast);
        if (statusCode is not null)
        {
            query = query.WhereEquals(EngagementFields.Broadcasts.Status, statusCode);
        }

        if (channel is not null)
        {
            query = query.WhereEquals(EngagementFields.Broadcasts.Type, channel);
        }

        var upcoming = statusCode is not null && statuses.GetValueOrDefault(statusCode)?.Equals("Scheduled", StringComparison.OrdinalIgnoreCase) == true;
        query = query.Where(window?.Conditions(EngagementFields.Broadcasts.SendDate) ?? [])
            .OrderBy(EngagementFields.Broadcasts.SendDate, upcoming ? SortDirection.Ascending : SortDirection.Descending);
        var (broadcasts, total) = await page.Of(query).PageAsync(session.Client, cancellationToken);

        var messagesTask = lookup.NamesAsync(ObjectTypeIds.Message, broadcasts.Select(b => b.GetLong(EngagementFields.Broadcasts.MessageId)),
            [EngagementFields.Messages.Subject, EngagementFields.Messages.Name], cancellationToken);
        var groupsTask = lookup.NamesAsync(ObjectTypeIds.Group, broadcasts.Select(b => b.GetLong(EngagementFields.Broadcasts.GroupId)), [EngagementFields.Groups.Name], cancellationToken);
        await Task.WhenAll(messagesTask, groupsTask);

        var items = broadcasts.Select(b => new BroadcastItem(
            b.Id,
            b[EngagementFields.Broadcasts.Name],
            b[EngagementFields.Broadcasts.Type] is { Length: > 0 } type ? type : null,
            b[EngagementFields.Broadcasts.Status] is { } code ? statuses.GetValueOrDefault(code) ?? code : null,
            b.GetTime(EngagementFields.Broadcasts.SendDate) is { } sendDate ? RecordShaper.IsoDate(sendDate) : null,
            b.GetLong(EngagementFields.Broadcasts.Recipients),
            b.GetLong(EngagementFields.Broadcasts.MessageId) is { } messageId and > 0 ? Named.Ref(messageId, messagesTask.Result) : null,
            b.GetLong(EngagementFields.Broadcasts.GroupId) is { } groupId and > 0 ? Named.Ref(groupId, groupsTask.Result) : null)).ToList();

        var answer = new BroadcastsAnswer(statusCode is null ? "all" : statuses.GetValueOrDefault(statusCode) ?? statusCode, window?.Window())
        {
            Note = total == 0 ? window is null ? "No broadcast with this status." : "No broadcast with this status sends in this window; widen it or drop since/until." : null,
        };
        return ToolOutput.List(answer, total, page, items);
    }
}
