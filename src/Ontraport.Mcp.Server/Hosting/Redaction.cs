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
    /// <summary>Returns <paramref name="text"/> itself when there is nothing to scrub.</summary>
    public static string Scrub(string text, SecretRegistry secrets, string? requestSecret = null)
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

        return MaskCards(MaskNamedSecrets(result));
    }

    /// <summary>
    /// Values of fields named like a secret in JSON-ish text (<c>"api_key": "…"</c>, <c>"client_secret":"…"</c>), e.g. a
    /// consent form's parameters echoed by a library's log line, whose key this server has never seen before.
    /// </summary>
    public static string MaskNamedSecrets(string text) =>
        text.Contains("key", StringComparison.OrdinalIgnoreCase) || text.Contains("secret", StringComparison.OrdinalIgnoreCase) ||
        text.Contains("token", StringComparison.OrdinalIgnoreCase) || text.Contains("password", StringComparison.OrdinalIgnoreCase)
            ? NamedSecret().Replace(text, match => match.Groups[1].Value + "\"[redacted]\"")
            : text;

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

    [GeneratedRegex(@"(""(?:api_?key|client_secret|password|access_token|refresh_token|code_verifier)""\s*:\s*)""[^""]*""", RegexOptions.IgnoreCase)]
    private static partial Regex NamedSecret();

    [GeneratedRegex(@"(?<!\d)\d(?:[ -]?\d){14,18}(?!\d)")]
    private static partial Regex CardCandidate();
}
