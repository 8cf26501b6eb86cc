namespace Ontraport.Sandbox.Criteria;

/// <summary>
/// SQL <c>LIKE</c>: <c>%</c> any run, <c>_</c> one character, <c>\</c> escapes; case-insensitive like MySQL's
/// default collation. A linear-time wildcard matcher, so no user pattern can make it backtrack exponentially.
/// </summary>
internal static class LikePattern
{
    public static bool Matches(string value, string pattern)
    {
        var tokens = Tokenize(pattern);
        var text = value.ToUpperInvariant();
        int t = 0, p = 0, starToken = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < tokens.Count && !tokens[p].IsAnyRun && (tokens[p].IsAnyChar || tokens[p].Literal == text[t]))
            {
                t++;
                p++;
            }
            else if (p < tokens.Count && tokens[p].IsAnyRun)
            {
                starToken = p++;
                starText = t;
            }
            else if (starToken >= 0)
            {
                p = starToken + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < tokens.Count && tokens[p].IsAnyRun)
        {
            p++;
        }

        return p == tokens.Count;
    }

    private static List<Token> Tokenize(string pattern)
    {
        var tokens = new List<Token>(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                tokens.Add(new Token(char.ToUpperInvariant(pattern[++i]), false, false));
            }
            else if (c == '%')
            {
                if (tokens.Count == 0 || !tokens[^1].IsAnyRun)
                {
                    tokens.Add(new Token('\0', false, true));
                }
            }
            else if (c == '_')
            {
                tokens.Add(new Token('\0', true, false));
            }
            else
            {
                tokens.Add(new Token(char.ToUpperInvariant(c), false, false));
            }
        }

        return tokens;
    }

    private readonly record struct Token(char Literal, bool IsAnyChar, bool IsAnyRun);
}
