using System.Buffers;
using System.Text.RegularExpressions;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// The one scrubber for everything the server writes (logs, the audit trail, tool results): known secrets (the
/// configured API key and access tokens, and the key of the request being served) become "[redacted]", and card numbers
/// (15–19 digits, optionally grouped by spaces or dashes, passing the Luhn check) become "[card ••••1234]". The Luhn check
/// and the length keep phone numbers, ids and 13-digit millisecond timestamps intact.
/// </summary>
public static partial class Redaction
{
    /// <summary>Returns <paramref name="text"/> itself when there is nothing to scrub; <paramref name="forResult"/> for a tool's answer (see <see cref="MaskNamedSecrets"/>).</summary>
    public static string Scrub(string text, SecretRegistry secrets, string? requestSecret = null, bool forResult = false)
    {
        var result = text;
        if (requestSecret is { Length: >= SecretRegistry.MinimumLength } && result.Contains(requestSecret, StringComparison.Ordinal))
        {
            result = result.Replace(requestSecret, "[redacted]", StringComparison.Ordinal);
        }

        foreach (var secret in secrets.Snapshot())
        {
            if (result.Contains(secret, StringComparison.Ordinal))
            {
                result = result.Replace(secret, "[redacted]", StringComparison.Ordinal);
            }
        }

        return MaskCards(MaskNamedSecrets(result, wholeNames: !forResult));
    }

    /// <summary>
    /// The one list of secret field names, for every place that masks by name (the audit's arguments, JSON-ish text in
    /// logs and results). A name is a secret when it contains one of <see cref="SecretWords"/> (an underscore in a word is
    /// optional: <c>apikey</c>, <c>cc_number</c>) or is exactly one of <see cref="SecretWholeNames"/>.
    /// </summary>
    public static readonly IReadOnlyList<string> SecretWords =
        ["api_key", "password", "secret", "token", "cc_number", "card_number", "ccnum", "cvv", "cvc", "security_code", "code_verifier"];

    /// <summary>Names that are a secret only as a whole (an OAuth authorization code); inside a longer name "code" is an ordinary word.</summary>
    public static readonly IReadOnlyList<string> SecretWholeNames = ["code"];

    // The patterns are constants so the regex source generator builds them at compile time (a compiled Regex built at
    // run time costs milliseconds of start and first call). They are SecretWords and SecretWholeNames spelled out, an
    // underscore optional; RedactionTests checks they stay equal to what the lists derive.
    internal const string WordsPattern = "(?:api_?key|password|secret|token|cc_?number|card_?number|ccnum|cvv|cvc|security_?code|code_?verifier)";

    internal const string WholeNamesPattern = "(?:code)";

    internal const string SecretNamePattern = WordsPattern + "|^" + WholeNamesPattern + "$";

    [GeneratedRegex(SecretNamePattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    // A quoted name of at most 200 characters and its string value; the name is judged apart (IsSecretName), so each pair
    // is read once, in linear time, however many words the list holds.
    [GeneratedRegex("(?<head>\"(?<name>[^\"\\\\]{1,200})\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"", RegexOptions.CultureInvariant)]
    private static partial Regex NamedString();

    /// <summary>Whether a field of this name holds a secret (see <see cref="SecretWords"/>).</summary>
    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    /// <summary>
    /// Values of fields named like a secret in JSON-ish text (<c>"api_key": "…"</c>, <c>"client_secret":"…"</c>), e.g. a
    /// consent form's parameters echoed by a library's log line, whose key this server has never seen before. In a tool
    /// result (<paramref name="wholeNames"/> false) a field named exactly <c>code</c> is the account's data (an offer's
    /// coupon code), not an authorization code, and is kept. Returns <paramref name="text"/> itself when nothing is masked.
    /// </summary>
    public static string MaskNamedSecrets(string text, bool wholeNames = true)
    {
        if (!text.Contains('"', StringComparison.Ordinal) || !MayNameSecret(text, wholeNames))
        {
            return text;
        }

        System.Text.StringBuilder? masked = null;
        var copied = 0;
        foreach (Match match in NamedString().Matches(text))
        {
            var name = match.Groups["name"].Value;
            if (!SecretName().IsMatch(name) || (!wholeNames && !SecretWordName().IsMatch(name)))
            {
                continue;
            }

            masked ??= new System.Text.StringBuilder(text.Length);
            var head = match.Groups["head"];
            masked.Append(text, copied, head.Index + head.Length - copied).Append("\"[redacted]\"");
            copied = match.Index + match.Length;
        }

        return masked is null ? text : masked.Append(text, copied, text.Length - copied).ToString();
    }

    [GeneratedRegex(WordsPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretWordName();

    /// <summary>
    /// The cheap test before any pair is read: whether <paramref name="text"/> holds one of the secret words in a form
    /// <see cref="SecretWordName"/> matches (each underscore optional, any case), or, with <paramref name="wholeNames"/>,
    /// one of <see cref="SecretWholeNames"/>. Exact, not a stem: the stems it replaced ("number" of cc_number) were in every
    /// contact page (sms_number), so the pair regex ran over every answer (profile.md, December 2026: 1.4–1.65 ms of a
    /// 2.2 ms call). One vectorized <see cref="SearchValues{T}"/> pass over the text.
    /// </summary>
    public static bool MayNameSecret(string text, bool wholeNames) =>
        text.AsSpan().ContainsAny(wholeNames ? WordAndWholeNameForms : WordForms);

    // Every spelling SecretWordName accepts: each underscore of a word kept or dropped (api_key, apikey).
    private static IEnumerable<string> Spellings(string word)
    {
        var at = word.IndexOf('_', StringComparison.Ordinal);
        if (at < 0)
        {
            return [word];
        }

        return Spellings(word[(at + 1)..]).SelectMany(rest => new[] { word[..(at + 1)] + rest, word[..at] + rest });
    }

    private static readonly string[] WordSpellings = [.. SecretWords.SelectMany(Spellings).Distinct()];

    private static readonly SearchValues<string> WordForms = SearchValues.Create(WordSpellings, StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> WordAndWholeNameForms =
        SearchValues.Create([.. WordSpellings, .. SecretWholeNames], StringComparison.OrdinalIgnoreCase);

    public static string MaskCards(string text)
    {
        if (!CardCandidate().IsMatch(text))
        {
            return text;
        }

        return CardCandidate().Replace(text, match =>
        {
            var digits = new string([.. match.Value.Where(char.IsAsciiDigit)]);
            return digits.Length is >= 15 and <= 19 && PassesLuhn(digits) ? $"[card ••••{digits[^4..]}]" : match.Value;
        });
    }

    private static bool PassesLuhn(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex(@"(?<!\d)\d(?:[ -]?\d){14,18}(?!\d)")]
    private static partial Regex CardCandidate();
}
