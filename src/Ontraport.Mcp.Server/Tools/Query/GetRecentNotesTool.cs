using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Engagement;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class GetRecentNotesTool(ToolSession session, RecordLookup lookup)
{
    [McpServerTool(Name = "get_recent_notes", Title = "Recent notes", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Notes with author and contact.")]
    public async Task<CallToolResult> GetRecentNotes(
        string? contact = null,
        [Description("call, note, email or meeting.")] string? note_type = null,
        string? search = null,
        string? since = null,
        string? until = null,
        [Range(0, int.MaxValue)] int? start = null,
        [Range(1, ListOptions.MaxRange)] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var page = QueryPage.From(start, limit);
        var noteType = ObjectTypeRegistry.Find(ObjectTypeIds.Note)!;
        var metadata = await session.MetadataAsync(noteType, cancellationToken);
        var typeOptions = OptionChoice.Options(metadata, EngagementFields.Notes.Type, EngagementFields.Notes.TypeCodes);
        var typeCode = string.IsNullOrWhiteSpace(note_type) ? null : OptionChoice.Resolve(note_type, "note_type", typeOptions);
        var window = await DateRange.ReadAsync(session, since, until, cancellationToken);
        var person = string.IsNullOrWhiteSpace(contact) ? null : await lookup.ContactAsync(contact, cancellationToken);

        var query = RecordQuery.Of(ObjectTypeIds.Note);
        if (person is not null)
        {
            query = query.WhereEquals(EngagementFields.Notes.ContactId, person.Id);
        }

        if (typeCode is not null)
        {
            query = query.WhereEquals(EngagementFields.Notes.Type, typeCode);
        }

        query = query.Where(window?.Conditions(EngagementFields.Notes.Date) ?? []).Searching(search?.Trim())
            .OrderBy(EngagementFields.Notes.Date, SortDirection.Descending);
        var (notes, total) = await page.Of(query).PageAsync(session.Client, cancellationToken);

        var authorsTask = lookup.UserNamesAsync(notes.Select(n => n.GetLong(EngagementFields.Notes.Author) ?? 0), cancellationToken);
        var contactsTask = person is null
            ? lookup.ContactNamesAsync(notes.Select(n => n.GetLong(EngagementFields.Notes.ContactId)), cancellationToken)
            : Task.FromResult<IReadOnlyDictionary<long, string>>(new Dictionary<long, string> { [person.Id] = RecordLookup.ContactName(person) });
        await Task.WhenAll(authorsTask, contactsTask);

        var items = notes.Select(n =>
        {
            var contactId = n.GetLong(EngagementFields.Notes.ContactId) is { } id and > 0 ? id : (long?)null;
            return new NoteItem(
                n.Id,
                n.GetTime(EngagementFields.Notes.Date) is { } at ? RecordShaper.IsoDate(at) : null,
                n[EngagementFields.Notes.Type] is { } code ? typeOptions.GetValueOrDefault(code) ?? code : null,
                n.GetLong(EngagementFields.Notes.Author) is { } author ? authorsTask.Result.GetValueOrDefault(author) : null,
                contactId,
                contactId is { } known ? contactsTask.Result.GetValueOrDefault(known) : null,
                n[EngagementFields.Notes.Text]);
        }).ToList();

        var answer = new NotesAnswer(
            person is null ? null : new NameEcho(person.Id, RecordFields.PersonName(person)),
            typeCode is null ? null : typeOptions[typeCode],
            window?.Window())
        {
            Note = total == 0 ? "No note matches these filters." : null,
        };
        return ToolOutput.List(answer, total, page, items);
    }
}
