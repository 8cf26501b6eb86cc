using System.Text;

namespace Ontraport.Client.Conditions;

internal enum TokenKind
{
    Word,
    Quoted,
    Symbol,
    OpenParen,
    CloseParen,
    Comma,
    End,
}

internal readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public bool IsWord(string keyword) => Kind == TokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Kind switch
    {
        TokenKind.End => "the end of the condition",
        TokenKind.Quoted => $"\"{Text}\"",
        _ => $"'{Text}'",
    };
}

/// <summary>Splits a readable condition into words, quoted strings, comparison symbols, parentheses and commas.</summary>
internal static class ConditionTokenizer
{
    private const string SymbolChars = "=<>!";

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            switch (c)
            {
                case '(':
                    tokens.Add(new Token(TokenKind.OpenParen, "(", i++));
                    continue;
                case ')':
                    tokens.Add(new Token(TokenKind.CloseParen, ")", i++));
                    continue;
                case ',':
                    tokens.Add(new Token(TokenKind.Comma, ",", i++));
                    continue;
                case '"' or '\'' or '`':
                    tokens.Add(ReadQuoted(text, ref i, c));
                    continue;
                case '[':
                    tokens.Add(ReadQuoted(text, ref i, ']'));
                    continue;
            }

            if (SymbolChars.Contains(c))
            {
                var start = i;
                var symbol = text.Substring(i, i + 1 < text.Length && SymbolChars.Contains(text[i + 1]) ? 2 : 1);
                i += symbol.Length;
                if (symbol is not ("=" or "==" or "!=" or "<>" or "<" or ">" or "<=" or ">="))
                {
                    throw new CriteriaFormatException($"'{symbol}' at position {start + 1} is not an operator; use =, !=, <>, >, <, >= or <=.");
                }

                tokens.Add(new Token(TokenKind.Symbol, symbol == "==" ? "=" : symbol, start));
                continue;
            }

            var wordStart = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && !SymbolChars.Contains(text[i]) && text[i] is not ('(' or ')' or ',' or '"' or '\'' or '`' or '['))
            {
                i++;
            }

            tokens.Add(new Token(TokenKind.Word, text[wordStart..i], wordStart));
        }

        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static Token ReadQuoted(string text, ref int i, char open)
    {
        var close = open switch
        {
            '[' => ']',
            _ => open,
        };
        var start = i++;
        var value = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && close != ']')
            {
                value.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c == close)
            {
                // A doubled quote is an escaped quote: 'O''Brien'.
                if (close != ']' && i + 1 < text.Length && text[i + 1] == close)
                {
                    value.Append(close);
                    i += 2;
                    continue;
                }

                i++;
                return new Token(TokenKind.Quoted, value.ToString(), start);
            }

            value.Append(c);
            i++;
        }

        throw new CriteriaFormatException($"The quote opened at position {start + 1} is never closed.");
    }
}
