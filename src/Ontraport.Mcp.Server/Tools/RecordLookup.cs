using System.Globalization;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// Finds the one record an agent means, by id, email or name: contacts ("12", "john@example.com", "John Smith"), users
/// ("Sarah", "Sarah Mitchell"), and any record with a name field (tags, sequences, automations, task messages…).
/// Ambiguity is an error that lists the candidates; nothing is guessed. Scoped to the request.
/// </summary>
public sealed class RecordLookup(ToolSession session)
{
    private const int CandidateCount = 5;

    /// <summary>A contact by id, email, or full name.</summary>
    public async Task<OntraportRecord> ContactAsync(string? contact, CancellationToken cancellationToken, string argument = "contact")
    {
        var text = Required(contact, argument, "a contact id, email or name");
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return await session.Client.Objects.GetAsync(ObjectTypeIds.Contact, id, cancellationToken)
                ?? throw new ToolInputException($"{argument}: there is no contact with id {id}.");
        }

        if (text.Contains('@', StringComparison.Ordinal))
        {
            var found = await session.Client.Objects.FindContactIdByEmailAsync(text, cancellationToken)
                ?? throw new ToolInputException($"{argument}: no contact has the email {text}.");
            return await session.Client.Objects.GetAsync(ObjectTypeIds.Contact, found, cancellationToken)
                ?? throw new ToolInputException($"{argument}: no contact has the email {text}.");
        }

        var matches = await session.Client.Objects.ListAsync(ObjectTypeIds.Contact, new ListOptions
        {
            Selection = new RecordSelection { Search = text },
            Range = ListOptions.MaxRange,
            Fields = ["firstname", "lastname", "email"],
        }, cancellationToken);
        var exact = matches.Where(m => string.Equals(RecordFields.PersonName(m), text, StringComparison.OrdinalIgnoreCase)).ToList();
        var chosen = exact.Count > 0 ? exact : matches.ToList();
        return chosen.Count switch
        {
            1 => await session.Client.Objects.GetAsync(ObjectTypeIds.Contact, chosen[0].Id, cancellationToken) ?? chosen[0],
            0 => throw new ToolInputException($"{argument}: no contact is named '{text}'. Give an id or email, or search with get_objects."),
            _ => throw new ToolInputException($"{argument}: {chosen.Count} contacts match '{text}': " +
                string.Join("; ", chosen.Take(CandidateCount).Select(c => $"{c.Id} {RecordFields.PersonName(c)} <{c["email"]}>")) +
                ". Give the id or email of the one you mean."),
        };
    }

    /// <summary>A staff user by id, email, first name or full name.</summary>
    public async Task<OntraportRecord> UserAsync(string? owner, CancellationToken cancellationToken, string argument = "owner")
    {
        var text = Required(owner, argument, "a user id or name");
        var users = await session.Client.Objects.ListAsync(ObjectTypeIds.User, new ListOptions { Range = ListOptions.MaxRange }, cancellationToken);
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return users.FirstOrDefault(u => u.Id == id) ?? throw new ToolInputException($"{argument}: there is no user with id {id}. Users: {Describe(users)}.");
        }

        var matches = users.Where(u =>
            string.Equals(RecordFields.PersonName(u), text, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(u["email"], text, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(u["firstname"], text, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ToolInputException($"{argument}: no user is called '{text}'. Users: {Describe(users)}."),
            _ => throw new ToolInputException($"{argument}: '{text}' matches several users: {Describe(matches)}. Give the id."),
        };
    }

    /// <summary>Display names for user ids, with one request for the whole page (never one per record).</summary>
    public async Task<IReadOnlyDictionary<long, string>> UserNamesAsync(IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var users = await session.Client.Objects.GetManyAsync(ObjectTypeIds.User, ids, RecordFields.PersonNameFields, cancellationToken);
        return users.ToDictionary(u => u.Id, RecordFields.PersonName);
    }

    /// <summary>
    /// Display names (<see cref="RecordFields.DisplayName"/>, "#12" when unnamed) of the records a page refers to
    /// (messages, automations, groups, outcomes…), with one request per object type for the whole page, never one per
    /// record. Ids that do not exist are left out.
    /// </summary>
    public Task<IReadOnlyDictionary<long, string>> NamesAsync(int objectTypeId, IEnumerable<long?> ids, IReadOnlyList<string> nameFields, CancellationToken cancellationToken) =>
        NamesAsync(objectTypeId, ids, nameFields, nameFields, cancellationToken);

    /// <summary>Contacts by "first last" (their email when unnamed), as <see cref="NamesAsync(int, IEnumerable{long?}, IReadOnlyList{string}, CancellationToken)"/>.</summary>
    public Task<IReadOnlyDictionary<long, string>> ContactNamesAsync(IEnumerable<long?> ids, CancellationToken cancellationToken) =>
        NamesAsync(ObjectTypeIds.Contact, ids, [.. RecordFields.PersonNameFields, "email"], RecordFields.PersonNameFields, cancellationToken);

    /// <summary>A contact's display name: "first last", else the email, else "#12".</summary>
    public static string ContactName(OntraportRecord contact) => DisplayName(contact, RecordFields.PersonNameFields);

    private async Task<IReadOnlyDictionary<long, string>> NamesAsync(int objectTypeId, IEnumerable<long?> ids, IReadOnlyList<string> fields, IReadOnlyList<string> nameFields, CancellationToken cancellationToken)
    {
        var records = await session.Client.Objects.GetManyAsync(objectTypeId, ids.OfType<long>(), fields, cancellationToken);
        return records.ToDictionary(r => r.Id, r => DisplayName(r, nameFields));
    }

    private static string DisplayName(OntraportRecord record, IReadOnlyList<string> nameFields) =>
        RecordFields.DisplayName(record, nameFields) ?? $"#{record.Id}";

    /// <summary>
    /// A record of <paramref name="type"/> by id or by the value of one of <paramref name="nameFields"/> (exact,
    /// case-insensitive, else a unique partial match).
    /// </summary>
    public async Task<OntraportRecord> ByIdOrNameAsync(ObjectType type, string? idOrName, string[] nameFields, string argument, CancellationToken cancellationToken)
    {
        var text = Required(idOrName, argument, $"a {type.SingularName.ToLowerInvariant()} id or name");
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return await session.Client.Objects.GetAsync(type.Id, id, cancellationToken)
                ?? throw new ToolInputException($"{argument}: there is no {type.SingularName.ToLowerInvariant()} with id {id}.");
        }

        var candidates = await RecordQuery.Of(type.Id).WhereAnyContains(nameFields, text).Page(0, ListOptions.MaxRange).ListAsync(session.Client, cancellationToken);
        var exact = candidates.Where(c => nameFields.Any(f => string.Equals(c[f]?.Trim(), text, StringComparison.OrdinalIgnoreCase))).ToList();
        var chosen = exact.Count > 0 ? exact : [.. candidates];
        return chosen.Count switch
        {
            1 => chosen[0],
            0 => throw new ToolInputException($"{argument}: no {type.SingularName.ToLowerInvariant()} is named '{text}'." + await ListSomeAsync(type, nameFields[0], cancellationToken)),
            _ => throw new ToolInputException($"{argument}: '{text}' matches {chosen.Count} {type.Name.ToLowerInvariant()}: " +
                string.Join("; ", chosen.Take(CandidateCount).Select(c => $"{c.Id} '{c[nameFields[0]]}'")) + ". Give the id."),
        };
    }

    private async Task<string> ListSomeAsync(ObjectType type, string nameField, CancellationToken cancellationToken)
    {
        var some = await session.Client.Objects.ListAsync(type.Id, new ListOptions { Range = 10, Fields = [nameField] }, cancellationToken);
        return some.Count == 0 ? "" : $" Some that exist: {string.Join("; ", some.Select(s => $"{s.Id} '{s[nameField]}'"))}.";
    }

    private static string Describe(IEnumerable<OntraportRecord> users) =>
        string.Join("; ", users.Take(10).Select(u => $"{u.Id} {RecordFields.PersonName(u)}"));

    private static string Required(string? value, string argument, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ToolInputException($"{argument} is required: {what}.") : value.Trim();
}
