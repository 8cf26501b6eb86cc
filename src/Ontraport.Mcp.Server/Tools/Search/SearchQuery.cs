using System.Globalization;
using System.Text.RegularExpressions;

namespace Ontraport.Mcp.Server.Tools.Search;

/// <summary>What a query looks like, which decides the fields (and so the object types) worth asking about.</summary>
public enum SearchKind
{
    /// <summary>Holds an <c>@</c>: only email fields can match.</summary>
    Email,

    /// <summary>Only phone characters and at least <see cref="SearchQuery.PhoneDigits"/> digits: only phone fields can match.</summary>
    Phone,

    /// <summary>A name or company (a whole number may also be a record id or part of a phone number).</summary>
    Text,
}

/// <summary>
/// The <c>search</c> tool's one argument, checked and classified before any request: empty, too long or control
/// characters are refused with what to send instead.
/// </summary>
public sealed partial record SearchQuery
{
    public const int MaxLength = 200;

    /// <summary>A phone number has at least this many digits (a local number without its area code).</summary>
    public const int PhoneDigits = 7;

    private SearchQuery(string text, SearchKind kind, string digits, long? id)
    {
        Text = text;
        Kind = kind;
        Digits = digits;
        Id = id;
    }

    /// <summary>The query, trimmed.</summary>
    public string Text { get; }

    public SearchKind Kind { get; }

    /// <summary>The query's digits, in order ("+1 (213) 555-0166" → "12135550166").</summary>
    public string Digits { get; }

    /// <summary>The query read as a record id, when it is a whole number.</summary>
    public long? Id { get; }

    public static SearchQuery Parse(string? query)
    {
        var text = query?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new ToolInputException("query is required: a name, email, phone number or company to look for, e.g. \"John Smith\" or \"acme.com\".");
        }

        if (text.Length > MaxLength)
        {
            throw new ToolInputException(string.Create(CultureInfo.InvariantCulture,
                $"query is {text.Length} characters; the limit is {MaxLength}. Search for a name, email, phone number or company, not a sentence."));
        }

        if (text.Any(char.IsControl))
        {
            throw new ToolInputException("query holds control characters (line breaks, tabs); send the name, email, phone number or company on one line.");
        }

        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        var kind = text.Contains('@', StringComparison.Ordinal) ? SearchKind.Email
            : digits.Length >= PhoneDigits && PhoneShape().IsMatch(text) ? SearchKind.Phone
            : SearchKind.Text;
        var id = kind == SearchKind.Text && digits.Length == text.Length && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : (long?)null;
        return new SearchQuery(text, kind, digits, id);
    }

    [GeneratedRegex(@"^\+?[0-9\s().\-]+$")]
    private static partial Regex PhoneShape();
}
