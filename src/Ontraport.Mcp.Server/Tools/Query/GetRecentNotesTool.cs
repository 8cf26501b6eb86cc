using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Conditions;
using Ontraport.Client.Engagement;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Parameters;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class GetRecentNotesTool(ToolSession session, RecordLookup lookup)
{
    private const int NoteTypeId = 12;

    [McpServerTool(Name = "get_recent_notes", Title = "Recent notes", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Notes on records, newest first, with author and contact names. Filter by contact, note_type (call for phone calls), text" +
        " or time window.")]
    public async Task<CallToolResult> GetRecentNotes(
        [Description(ToolParameters.ContactFilter)] string? contact = null,
        [Description("call, note, email or meeting.")] string? note_type = null,
        [Description("Only notes containing this text.")] string? search = null,
        [Description(ToolParameters.Since)] string? since = null,
        [Description(ToolParameters.Until)] string? until = null,
        [Description(ToolParameters.Start), Range(0, int.MaxValue)] int? start = null,
        [Description(ToolParameters.Limit), Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var page = QueryPage.From(start, limit);
        var noteType = ObjectTypeRegistry.Find(NoteTypeId)!;
        var metadata = await session.MetadataAsync(noteType, cancellationToken);
        var typeOptions = OptionChoice.Options(metadata, EngagementFields.Notes.Type, EngagementFields.Notes.TypeCodes);
        var typeCode = string.IsNullOrWhiteSpace(note_type) ? null : OptionChoice.Resolve(note_type, "note_type", typeOptions);
        var window = await DateRange.ReadAsync(session, since, until, cancellationToken);
        var person = string.IsNullOrWhiteSpace(contact) ? null : await lookup.ContactAsync(contact, cancellationToken);

        var conditions = new List<Condition>();
        if (person is not null)
        {
            conditions.Add(Condition.Compare(EngagementFields.Notes.ContactId, ConditionOperator.Equal, ConditionLiteral.Of(person.Id)));
        }

        if (typeCode is not null)
        {
            conditions.Add(Condition.Compare(EngagementFields.Notes.Type, ConditionOperator.Equal, ConditionLiteral.Of(typeCode)));
        }

        conditions.AddRange(window?.Conditions(EngagementFields.Notes.Date) ?? []);
        var selection = new RecordSelection
        {
            Condition = conditions.Count == 0 ? null : conditions.Skip(1).Aggregate(Criteria.Where(conditions[0]), (c, next) => c.And(next)),
            Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim(),
        };
        var notesTask = session.Client.Objects.ListAsync(NoteTypeId, page.Options(selection, EngagementFields.Notes.Date, SortDirection.Descending), cancellationToken);
        var infoTask = session.Client.Objects.GetInfoAsync(NoteTypeId, selection, cancellationToken);
        await Task.WhenAll(notesTask, infoTask);
        var notes = notesTask.Result;

        var authorsTask = lookup.UserNamesAsync(notes.Select(n => n.GetLong(EngagementFields.Notes.Author) ?? 0), cancellationToken);
        var contactsTask = person is null
            ? RecordNames.ContactsAsync(session, notes.Select(n => n.GetLong(EngagementFields.Notes.ContactId)), cancellationToken)
            : Task.FromResult<IReadOnlyDictionary<long, string>>(new Dictionary<long, string> { [person.Id] = RecordNames.Display(person, ["firstname", "lastname", "email"]) });
        await Task.WhenAll(authorsTask, contactsTask);

        var items = notes.Select(n =>
        {
            var item = new JsonObject { ["id"] = n.Id };
            if (n.GetTime(EngagementFields.Notes.Date) is { } at)
            {
                item["date"] = RecordShaper.IsoDate(at);
            }

            if (n[EngagementFields.Notes.Type] is { } code)
            {
                item["type"] = typeOptions.GetValueOrDefault(code) ?? code;
            }

            if (n.GetLong(EngagementFields.Notes.Author) is { } author && authorsTask.Result.TryGetValue(author, out var authorName))
            {
                item["author"] = authorName;
            }

            if (n.GetLong(EngagementFields.Notes.ContactId) is { } contactId and > 0)
            {
                item["contact_id"] = contactId;
                if (contactsTask.Result.TryGetValue(contactId, out var contactName))
                {
                    item["contact"] = contactName;
                }
            }

            item["note"] = n[EngagementFields.Notes.Text];
            return item;
        }).ToList();

        var extra = new JsonObject();
        if (person is not null)
        {
            extra["contact"] = new JsonObject { ["id"] = person.Id, ["name"] = RecordLookup.FullName(person) };
        }

        if (typeCode is not null)
        {
            extra["note_type"] = typeOptions[typeCode];
        }

        if (window is not null)
        {
            extra["window"] = window.Echo();
        }

        if (page.Note is not null)
        {
            extra["note"] = page.Note;
        }
        else if (infoTask.Result.Count == 0)
        {
            extra["note"] = "No note matches these filters.";
        }

        return ToolOutput.Json(ToolOutput.Page(infoTask.Result.Count, page.Start, items, page.Size, extra));
    }
}
