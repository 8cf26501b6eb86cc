using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Selection;

/// <summary>
/// The free-text <c>search</c>: a case-insensitive substring of any text-like field, of "first last" for
/// contacts, or the id; with <c>searchNotes</c>, also of the record's notes (see <see cref="SandboxChoices"/>).
/// </summary>
internal sealed class SearchMatcher
{
    private readonly ObjectTypeSchema _type;
    private readonly string _text;
    private readonly IReadOnlyList<string> _columns;
    private readonly HashSet<long> _noteMatches = [];

    public SearchMatcher(AccountStore store, ObjectTypeSchema type, string text, bool searchNotes)
    {
        _type = type;
        _text = text.Trim();
        _columns = type.Fields.Where(f => FieldType.IsSearchable(f.Type)).Select(f => f.Name).ToList();
        if (searchNotes)
        {
            foreach (var note in store.Table(ObjectTypeIds.Note).Rows)
            {
                if ((note.Long("object_type_id") ?? ObjectTypeIds.Contact) == type.Id
                    && note["data"]?.Contains(_text, StringComparison.OrdinalIgnoreCase) == true
                    && note.Long("contact_id") is { } owner)
                {
                    _noteMatches.Add(owner);
                }
            }
        }
    }

    public bool Matches(Record record)
    {
        if (record["id"] == _text || _noteMatches.Contains(record.Id))
        {
            return true;
        }

        if (_columns.Any(c => record[c]?.Contains(_text, StringComparison.OrdinalIgnoreCase) == true))
        {
            return true;
        }

        return _type.Id == ObjectTypeIds.Contact
            && $"{record["firstname"]} {record["lastname"]}".Contains(_text, StringComparison.OrdinalIgnoreCase);
    }
}
