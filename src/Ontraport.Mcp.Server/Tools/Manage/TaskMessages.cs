using System.Globalization;
using Ontraport.Client.Conditions;
using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;

namespace Ontraport.Mcp.Server.Tools.Manage;

/// <summary>
/// Task messages (Messages, 7, of type <c>task</c>): the templates tasks are assigned from, by id or by name (exact, else
/// a unique part, ignoring case and punctuation: "demo followup" finds "Demo follow-up").
/// </summary>
internal sealed class TaskMessages(ToolSession session)
{
    private const int MessageType = ObjectTypeIds.Message;

    public async Task<OntraportRecord> FindAsync(string text, CancellationToken cancellationToken)
    {
        var typed = text.Trim();
        if (long.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            var message = await session.Client.Objects.GetAsync(MessageType, id, cancellationToken)
                ?? throw new ToolInputException($"task_message: there is no message with id {id}." + Describe(await AllAsync(cancellationToken)));
            return string.Equals(message["type"], "task", StringComparison.OrdinalIgnoreCase)
                ? message
                : throw new ToolInputException($"task_message: message {id} '{message["name"]}' is an {message["type"]} message, not a task message." + Describe(await AllAsync(cancellationToken)));
        }

        var all = await AllAsync(cancellationToken);
        var wanted = ObjectTypeRegistry.Normalize(typed);
        var exact = all.Where(m => Names(m).Any(n => n == wanted)).ToList();
        var chosen = exact.Count > 0 ? exact : [.. all.Where(m => Names(m).Any(n => n.Contains(wanted, StringComparison.Ordinal)))];
        return chosen.Count switch
        {
            1 => chosen[0],
            0 => throw new ToolInputException($"task_message: no task message is named '{typed}'." + Describe(all)),
            _ => throw new ToolInputException($"task_message: '{typed}' matches several task messages: {List(chosen)}. Give the id or the full name."),
        };
    }

    private async Task<IReadOnlyList<OntraportRecord>> AllAsync(CancellationToken cancellationToken)
    {
        var tasks = Criteria.Where(Condition.Compare("type", ConditionOperator.Equal, ConditionLiteral.Of("task")));
        var (messages, _) = await session.Client.Objects.ListAllAsync(MessageType, new RecordSelection { Condition = tasks }, 500,
            ["name", "alias", "type", "object_type_id", "task_owner", "due_date", "task_form"], cancellationToken);
        return messages;
    }

    private static IEnumerable<string> Names(OntraportRecord message) =>
        new[] { message["name"], message["alias"] }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => ObjectTypeRegistry.Normalize(n!));

    private static string Describe(IReadOnlyList<OntraportRecord> messages) =>
        messages.Count == 0 ? " The account has no task messages." : $" Task messages: {List(messages)}.";

    private static string List(IEnumerable<OntraportRecord> messages) =>
        string.Join("; ", messages.Take(20).Select(m => $"{m.Id} '{m["name"] ?? m["alias"]}'"));
}
