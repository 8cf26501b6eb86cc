using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
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
        var extra = new JsonObject { ["window"] = window.Echo() };
        if (items.Count > 0)
        {
            extra["totals"] = Totals(messages, covers: page.Start == 0 && total <= items.Count ? "all messages in the window" : "the messages on this page");
        }

        if (total == 0 && page.Note is null)
        {
            extra["note"] = "No email or SMS message is dated in this window. Widen it (since: \"last 90 days\") or check get_scheduled_broadcasts for upcoming sends.";
        }

        return ToolOutput.Json(ToolOutput.Page(total, page, items, extra));
    }

    private static JsonObject Performance(OntraportRecord message)
    {
        var sent = message.GetLong(EngagementFields.Messages.Sent) ?? 0;
        var opened = message.GetLong(EngagementFields.Messages.Opened);
        var clicked = message.GetLong(EngagementFields.Messages.Clicked) ?? 0;
        var isSms = EngagementFields.Messages.SmsTypes.Contains(message[EngagementFields.Messages.Type] ?? "");
        var item = new JsonObject
        {
            ["id"] = message.Id,
            ["name"] = message[EngagementFields.Messages.Name],
        };
        if (message[EngagementFields.Messages.Subject] is { Length: > 0 } subject)
        {
            item["subject"] = subject;
        }

        item["type"] = isSms ? "sms" : "email";
        if (message.GetTime(EngagementFields.Messages.Date) is { } date)
        {
            item["date"] = RecordShaper.IsoDate(date);
        }

        item["sent"] = sent;
        if (!isSms)
        {
            item["opened"] = opened ?? 0;
        }

        item["clicked"] = clicked;
        item["unsubscribed"] = message.GetLong(EngagementFields.Messages.Unsubscribed) ?? 0;
        if (message.GetLong(EngagementFields.Messages.Complaints) is > 0 and var complaints)
        {
            item["complaints"] = complaints;
        }

        if (!isSms)
        {
            item["open_rate_percent"] = Percent(opened ?? 0, sent);
        }

        item["click_rate_percent"] = Percent(clicked, sent);
        return item;
    }

    private static JsonObject Totals(IReadOnlyList<OntraportRecord> messages, string covers)
    {
        var emails = messages.Where(m => !EngagementFields.Messages.SmsTypes.Contains(m[EngagementFields.Messages.Type] ?? "")).ToList();
        long Sum(IEnumerable<OntraportRecord> list, string field) => list.Sum(m => m.GetLong(field) ?? 0);
        var emailSent = Sum(emails, EngagementFields.Messages.Sent);
        var sent = Sum(messages, EngagementFields.Messages.Sent);
        return new JsonObject
        {
            ["covers"] = covers,
            ["messages"] = messages.Count,
            ["sent"] = sent,
            ["opened"] = Sum(emails, EngagementFields.Messages.Opened),
            ["clicked"] = Sum(messages, EngagementFields.Messages.Clicked),
            ["unsubscribed"] = Sum(messages, EngagementFields.Messages.Unsubscribed),
            ["email_open_rate_percent"] = Percent(Sum(emails, EngagementFields.Messages.Opened), emailSent),
            ["click_rate_percent"] = Percent(Sum(messages, EngagementFields.Messages.Clicked), sent),
        };
    }

    private static JsonNode? Percent(long part, long whole) => whole == 0 ? null : JsonValue.Create(Math.Round(100m * part / whole, 1));
}
