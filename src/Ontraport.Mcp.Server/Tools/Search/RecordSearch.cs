using System.Globalization;
using Ontraport.Client.Conditions;
using Ontraport.Client.Metadata;
using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Search;

/// <summary>
/// The search behind the <c>search</c> tool: records whose name, email, phone or company match, in the types a person
/// looks records up in (<see cref="Types"/>). One request per type, and only for types with a field the query can match
/// (an email asks contacts alone, a phone number the types with phone fields). Hits are scored here (an exact name
/// first, a partial email last) and the best <see cref="MaxResults"/> returned.
/// </summary>
public sealed class RecordSearch(ToolSession session)
{
    public const int MaxResults = 20;

    /// <summary>Searched in this order, which also breaks ties between equal scores.</summary>
    public static IReadOnlyList<ObjectType> Types { get; } =
    [
        ObjectTypeRegistry.Find(ObjectTypeIds.Contact)!,
        ObjectTypeRegistry.Find(ObjectTypeIds.Company)!,
        ObjectTypeRegistry.Find(ObjectTypeIds.Deal)!,
        ObjectTypeRegistry.Find(ObjectTypeIds.Product)!,
        ObjectTypeRegistry.Find(ObjectTypeIds.Offer)!,
    ];

    public async Task<SearchAnswer> FindAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var account = await session.Client.GetMetadataAsync(cancellationToken);
        var plans = Types.Select((type, order) => TypePlan.For(type, order, account, query)).OfType<TypePlan>().ToList();
        var pages = await Task.WhenAll(plans.Select(p => p.Query.ListAsync(session.Client, cancellationToken)));
        var hits = plans.Zip(pages)
            .SelectMany(pair => pair.Second.Select(record => (Plan: pair.First, Record: record, Score: pair.First.Score(record, query))))
            .Where(hit => hit.Score > 0)
            .OrderByDescending(hit => hit.Score)
            .ThenBy(hit => hit.Plan.Order)
            .ThenBy(hit => hit.Record.Id)
            .Take(MaxResults);
        return new SearchAnswer([.. hits.Select(hit => new SearchResult(
            IdOf(hit.Plan.Type, hit.Record.Id), Title(hit.Plan.Type, hit.Record, hit.Plan.NameFields), RecordLinks.For(hit.Plan.Type, hit.Record.Id)))]);
    }

    /// <summary>A result's id: the type's name and the record's id, <c>contacts/5</c>.</summary>
    public static string IdOf(ObjectType type, long id) => string.Create(CultureInfo.InvariantCulture, $"{ObjectTypeRegistry.Normalize(type.Name)}/{id}");

    /// <summary>
    /// A readable title: a contact's name and email (<c>John Smith, john.smith@example.com</c>), any other record's name
    /// and type (<c>Acme Corp (company)</c>). The name is the client's one rule (<see cref="RecordFields.DisplayName"/>).
    /// </summary>
    public static string Title(ObjectType type, OntraportRecord record, IReadOnlyList<string> nameFields)
    {
        var name = RecordFields.DisplayName(record, nameFields);
        if (type.Id != ObjectTypeIds.Contact)
        {
            return $"{name ?? $"{type.SingularName} {record.Id.ToString(CultureInfo.InvariantCulture)}"} ({type.SingularName.ToLowerInvariant()})";
        }

        var email = record["email"]?.Trim();
        return name is null ? $"Contact {record.Id.ToString(CultureInfo.InvariantCulture)}"
            : !string.IsNullOrEmpty(email) && !string.Equals(name, email, StringComparison.OrdinalIgnoreCase) ? $"{name}, {email}"
            : name;
    }

    /// <summary>What to ask one type, and how to score what it answers.</summary>
    private sealed record TypePlan(ObjectType Type, int Order, RecordQuery Query, IReadOnlyList<string> NameFields,
        IReadOnlyList<string> EmailFields, IReadOnlyList<string> PhoneFields, string? CompanyField)
    {
        /// <summary>The plan for one type, or null when none of its fields can match the query (no request is made).</summary>
        public static TypePlan? For(ObjectType type, int order, AccountMetadata account, SearchQuery query)
        {
            // A system app the account has not enabled is absent from its metadata; asking about it would be refused.
            if (account.Objects.Count > 0 && account.Find(type.Id) is null)
            {
                return null;
            }

            var metadata = account.Find(type.Id) ?? new ObjectMetadata(type.Id, type.SingularName, []);
            var names = RecordFields.NameFields(metadata);
            var emails = Fields(metadata, FieldKind.Email, type.Id == ObjectTypeIds.Contact ? "email" : null);
            var phones = Fields(metadata, FieldKind.Phone, null);
            var company = metadata.FindField("company") is { Name: "company", Kind: FieldKind.Text } ? "company" : null;
            var shown = names.Concat(emails).Concat(phones).Concat(company is null ? [] : [company]).Distinct(StringComparer.Ordinal).ToList();
            var read = RecordQuery.Of(type.Id).Select(shown).Page(0, ListOptions.MaxRange);

            var conditions = new List<Condition>();
            switch (query.Kind)
            {
                case SearchKind.Email:
                    conditions.AddRange(emails.Select(f => Contains(f, query.Text)));
                    break;
                case SearchKind.Phone:
                    conditions.AddRange(phones.Select(f => Like(f, PhonePattern(query.Digits))));
                    break;
                case SearchKind.Text when type.Id == ObjectTypeIds.Contact:
                    // Ontraport's own free-text search (API reference §2.1 `search`): it reads "first last" as one name,
                    // which no single criteria field can. Which columns it looks at is Ontraport's choice, so Score keeps
                    // only the hits whose name, email, phone or company match.
                    return new TypePlan(type, order, read.Searching(query.Text), names, emails, phones, company);
                default:
                    conditions.AddRange(names.Concat(emails).Concat(company is null ? [] : [company]).Select(f => Contains(f, query.Text)));
                    if (query.Id is { } id)
                    {
                        conditions.Add(Condition.Compare("id", ConditionOperator.Equal, ConditionLiteral.Of(id)));
                        conditions.AddRange(query.Digits.Length >= 3 ? phones.Select(f => Like(f, PhonePattern(query.Digits))) : []);
                    }

                    break;
            }

            if (conditions.Count == 0)
            {
                return null;
            }

            var any = conditions.Skip(1).Aggregate(Criteria.Where(conditions[0]), (criteria, condition) => criteria.Or(condition));
            return new TypePlan(type, order, read.Where(any), names, emails, phones, company);
        }

        /// <summary>How well a record matches: 0 when it matches on nothing a person searches by (it is left out).</summary>
        public int Score(OntraportRecord record, SearchQuery query)
        {
            var best = query.Id == record.Id ? 100 : 0;
            switch (query.Kind)
            {
                case SearchKind.Email:
                    best = Math.Max(best, EmailFields.Select(f => Text(record[f], query.Text, exact: 90, prefix: 70, word: 60, partial: 50)).DefaultIfEmpty().Max());
                    break;
                case SearchKind.Phone:
                    best = Math.Max(best, PhoneFields.Select(f => Phone(record[f], query.Digits, whole: 90, partial: 60)).DefaultIfEmpty().Max());
                    break;
                default:
                    var name = string.Join(' ', NameFields.Select(f => record[f]?.Trim()).Where(v => !string.IsNullOrEmpty(v)));
                    best = Math.Max(best, Text(name, query.Text, exact: 95, prefix: 80, word: 70, partial: 60));
                    best = Math.Max(best, EmailFields.Select(f => Text(record[f], query.Text, exact: 90, prefix: 55, word: 50, partial: 50)).DefaultIfEmpty().Max());
                    best = Math.Max(best, CompanyField is null ? 0 : Text(record[CompanyField], query.Text, exact: 45, prefix: 42, word: 41, partial: 40));
                    best = Math.Max(best, query.Id is null ? 0 : PhoneFields.Select(f => Phone(record[f], query.Digits, whole: 45, partial: 45)).DefaultIfEmpty().Max());
                    break;
            }

            return best;
        }

        private static IReadOnlyList<string> Fields(ObjectMetadata metadata, FieldKind kind, string? whenUnknown)
        {
            var fields = metadata.Fields.Where(f => f.Kind == kind).Select(f => f.Name).ToList();
            return fields.Count == 0 && metadata.Fields.Count == 0 && whenUnknown is not null ? [whenUnknown] : fields;
        }

        private static int Text(string? value, string query, int exact, int prefix, int word, int partial)
        {
            var text = value?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return 0;
            }

            return string.Equals(text, query, StringComparison.OrdinalIgnoreCase) ? exact
                : text.StartsWith(query, StringComparison.OrdinalIgnoreCase) ? prefix
                : text.Contains(" " + query, StringComparison.OrdinalIgnoreCase) ? word
                : text.Contains(query, StringComparison.OrdinalIgnoreCase) ? partial
                : 0;
        }

        /// <summary>
        /// Phone numbers compare by their digits, so "(213) 555-0166", "+12135550166" and "213.555.0166" are one number; a
        /// number with or without its country code is still the whole number.
        /// </summary>
        private static int Phone(string? value, string digits, int whole, int partial)
        {
            var stored = new string([.. (value ?? "").Where(char.IsAsciiDigit)]);
            if (stored.Length == 0 || digits.Length == 0)
            {
                return 0;
            }

            var isWhole = stored == digits
                || (stored.Length >= SearchQuery.PhoneDigits && digits.EndsWith(stored, StringComparison.Ordinal))
                || (digits.Length >= SearchQuery.PhoneDigits && stored.EndsWith(digits, StringComparison.Ordinal));
            return isWhole ? whole : stored.Contains(digits, StringComparison.Ordinal) ? partial : 0;
        }
    }

    /// <summary>
    /// The LIKE pattern that finds a phone number however it was typed into Ontraport: the last seven digits as exchange
    /// and line number with anything between ("555-0166", "5550166", "555 0166"); shorter digit runs as they are.
    /// Score then compares whole numbers digit by digit.
    /// </summary>
    private static string PhonePattern(string digits)
    {
        if (digits.Length < SearchQuery.PhoneDigits)
        {
            return $"%{digits}%";
        }

        var local = digits[^SearchQuery.PhoneDigits..];
        return $"%{local[..3]}%{local[3..]}%";
    }

    /// <summary>A LIKE for "contains <paramref name="text"/>", its own <c>%</c>, <c>_</c> and <c>\</c> taken literally.</summary>
    private static Condition Contains(string field, string text) =>
        Like(field, "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%");

    private static Condition Like(string field, string pattern) => Condition.Compare(field, ConditionOperator.Like, ConditionLiteral.Of(pattern));
}
