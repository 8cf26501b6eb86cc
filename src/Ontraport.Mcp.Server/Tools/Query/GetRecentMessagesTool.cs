using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Conditions;
using Ontraport.Client.Engagement;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class GetRecentMessagesTool(ToolSession session)
{
    private const int DefaultDays = 30;

    private static readonly string[] Columns =
    [
        EngagementFields.Messages.Name, EngagementFields.Messages.Subject, EngagementFields.Messages.Type, EngagementFields.Messages.Date,
        EngagementFields.Messages.Sent, EngagementFields.Messages.Opened, EngagementFields.Messages.Clicked,
        EngagementFields.Messages.Unsubscribed, EngagementFields.Messages.Complaints,
    ];

    [McpServerTool(Name = "get_recent_messages", Title = "Message results", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Email and SMS sends, opens, clicks, rates; since defaults to 30 days ago.")]
    public async Task<CallToolResult> GetRecentMessages(
        string? since = null,
        string? until = null,
        [Description("Default all."), AllowedValues("email", "sms", "all")] string? message_type = null,
        string? search = null,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var page = QueryPage.From(start, limit);
        IReadOnlyList<string> types = message_type?.Trim().ToLowerInvariant() switch
        {
            null or "" or "all" => [.. EngagementFields.Messages.EmailTypes, .. EngagementFields.Messages.SmsTypes],
            "email" or "emails" or "e-mail" => EngagementFields.Messages.EmailTypes,
            "sms" or "text" or "texts" => EngagementFields.Messages.SmsTypes,
            _ => throw new ToolInputException($"message_type must be email, sms or all, not '{message_type}'."),
        };
        var window = await DateRange.ReadAsync(session, since, until, cancellationToken)
            ?? new DateRange(session.Time.GetUtcNow().AddDays(-DefaultDays), session.Time.GetUtcNow());

        var query = RecordQuery.Of(ObjectTypeIds.Message)
            .Where(new Condition(EngagementFields.Messages.Type, ConditionOperator.In, [.. types.Select(ConditionLiteral.Of)]))
            .Where(window.Conditions(EngagementFields.Messages.Date))
            .Searching(search?.Trim())
            .Select(Columns)
            .OrderBy(EngagementFields.Messages.Date, SortDirection.Descending);
        var (messages, total) = await page.Of(query).PageAsync(session.Client, cancellationToken);

        var items = messages.Select(Performance).ToList();
        var answer = new RecentMessagesAnswer(
            window.Window(),
            items.Count > 0 ? Totals(messages, covers: page.Start == 0 && total <= items.Count ? "all messages in the window" : "the messages on this page") : null)
        {
            Note = total == 0 ? "No email or SMS message is dated in this window. Widen it (since: \"last 90 days\") or check get_scheduled_broadcasts for upcoming sends." : null,
        };
        return ToolOutput.List(answer, total, page, items);
    }

    private static MessagePerformance Performance(OntraportRecord message)
    {
        var sent = message.GetLong(EngagementFields.Messages.Sent) ?? 0;
        var opened = message.GetLong(EngagementFields.Messages.Opened) ?? 0;
        var clicked = message.GetLong(EngagementFields.Messages.Clicked) ?? 0;
        var name = message[EngagementFields.Messages.Name];
        var subject = message[EngagementFields.Messages.Subject] is { Length: > 0 } s ? s : null;
        var date = message.GetTime(EngagementFields.Messages.Date) is { } at ? RecordShaper.IsoDate(at) : null;
        var unsubscribed = message.GetLong(EngagementFields.Messages.Unsubscribed) ?? 0;
        var complaints = message.GetLong(EngagementFields.Messages.Complaints) is > 0 and var c ? c : (long?)null;
        return EngagementFields.Messages.SmsTypes.Contains(message[EngagementFields.Messages.Type] ?? "")
            ? new SmsPerformance(message.Id, name, subject, "sms", date, sent, clicked, unsubscribed, complaints, Percent(clicked, sent))
            : new EmailPerformance(message.Id, name, subject, "email", date, sent, opened, clicked, unsubscribed, complaints, Percent(opened, sent), Percent(clicked, sent));
    }

    private static MessageTotals Totals(IReadOnlyList<OntraportRecord> messages, string covers)
    {
        var emails = messages.Where(m => !EngagementFields.Messages.SmsTypes.Contains(m[EngagementFields.Messages.Type] ?? "")).ToList();
        long Sum(IEnumerable<OntraportRecord> list, string field) => list.Sum(m => m.GetLong(field) ?? 0);
        var emailSent = Sum(emails, EngagementFields.Messages.Sent);
        var sent = Sum(messages, EngagementFields.Messages.Sent);
        return new MessageTotals(
            covers,
            messages.Count,
            sent,
            Sum(emails, EngagementFields.Messages.Opened),
            Sum(messages, EngagementFields.Messages.Clicked),
            Sum(messages, EngagementFields.Messages.Unsubscribed),
            Percent(Sum(emails, EngagementFields.Messages.Opened), emailSent),
            Percent(Sum(messages, EngagementFields.Messages.Clicked), sent));
    }

    private static decimal? Percent(long part, long whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1);
}
