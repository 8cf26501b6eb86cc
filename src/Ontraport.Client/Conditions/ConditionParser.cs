using System.Globalization;
using Ontraport.Client.Metadata;

namespace Ontraport.Client.Conditions;

/// <summary>
/// What <see cref="ConditionParser"/> understood: the criteria to send, a readable echo of it, and whether a date was
/// read (i.e. the time zone mattered).
/// </summary>
public sealed record ParsedCondition(Criteria Criteria, string Echo, bool UsesDates = false);

/// <summary>
/// Turns a readable condition (<c>spent &gt; 1000 AND state = "CA"</c>, <c>Date Added within last 30 days</c>) into
/// Ontraport criteria, resolving field names and aliases against the object's metadata and converting values by field
/// type (money, numbers, drop-down labels, dates in the account's time zone → Unix seconds).
/// <para>
/// Grammar: <c>expr := clause ((AND | OR) clause)*</c>, <c>clause := '(' expr ')' | field operator value</c>.
/// Ontraport's criteria are a flat list; we read it as SQL does (AND binds tighter than OR). Parentheses that the flat
/// list cannot express are refused with an explanation rather than silently re-associated.
/// </para>
/// </summary>
public sealed class ConditionParser
{
    /// <summary>Words that can start an operator. A field name ends before one of them once the words so far name a field.</summary>
    private static readonly HashSet<string> OperatorWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "IN", "NOT", "IS", "LIKE", "CONTAINS", "STARTS", "ENDS", "BEFORE", "AFTER", "WITHIN", "BETWEEN", "EQUALS", "DURING", "ON", "SINCE", "UNTIL",
        "OVER", "ABOVE", "EXCEEDS", "UNDER", "BELOW", "GREATER", "MORE", "LESS", "FEWER", "AT", "NO", "DOES", "EQUAL",
    };

    /// <summary>The comparison operators Ontraport's criteria accept (API reference §2.2), for error messages.</summary>
    public const string SupportedOperators = "=, <>, >, <, >=, <=, IN, NOT IN, IS NULL, LIKE";

    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _zone;

    public ConditionParser(TimeProvider time, TimeZoneInfo zone)
    {
        _time = time;
        _zone = zone;
    }

    /// <summary>Parses <paramref name="text"/> for an object whose fields <paramref name="metadata"/> lists.</summary>
    /// <exception cref="CriteriaFormatException">The condition cannot be parsed or a field is unknown; the message says what to fix.</exception>
    public ParsedCondition Parse(string text, ObjectMetadata metadata, string objectName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CriteriaFormatException("The condition is empty.");
        }

        if (text.Length > 4000)
        {
            throw new CriteriaFormatException("The condition is longer than 4,000 characters; narrow it or pass criteria JSON.");
        }

        var run = new Run(ConditionTokenizer.Tokenize(text), metadata, objectName, this);
        var tree = run.ParseExpression(depth: 0);
        run.Expect(TokenKind.End);
        var criteria = Flatten(tree, text);
        return new ParsedCondition(criteria, Echo(tree, top: true), run.UsedDates);
    }

    // ----- the syntax tree and its flattening -----

    private abstract record Node;

    private sealed record Leaf(Condition Condition, string Echo) : Node;

    private sealed record Group(Conjunction Join, IReadOnlyList<Node> Children) : Node;

    private static Node Combine(Conjunction join, IReadOnlyList<Node> children)
    {
        var flat = new List<Node>();
        foreach (var child in children)
        {
            if (child is Group g && g.Join == join)
            {
                flat.AddRange(g.Children);
            }
            else
            {
                flat.Add(child);
            }
        }

        return flat.Count == 1 ? flat[0] : new Group(join, flat);
    }

    /// <summary>
    /// A tree fits Ontraport's flat list exactly when it is an OR of ANDs of conditions (SQL precedence). An AND that
    /// contains an OR cannot be written without parentheses, so it is refused with the distributed form as a hint.
    /// </summary>
    private static Criteria Flatten(Node tree, string text)
    {
        var orGroups = tree is Group { Join: Conjunction.Or } top ? top.Children : [tree];
        Criteria? criteria = null;
        foreach (var group in orGroups)
        {
            var leaves = group switch
            {
                Leaf leaf => [leaf],
                Group { Join: Conjunction.And } andGroup when andGroup.Children.All(c => c is Leaf) => andGroup.Children.Cast<Leaf>().ToList(),
                _ => throw new CriteriaFormatException(
                    $"'{text.Trim()}' needs an OR inside an AND ({Echo(group, top: true)}). Ontraport's criteria are a flat " +
                    "list where AND binds tighter than OR, so that grouping cannot be sent as written and will not be re-associated silently. " +
                    "Rewrite it as an OR of AND-groups, e.g. '(A OR B) AND C' as 'A AND C OR B AND C', or run two queries."),
            };

            for (var i = 0; i < leaves.Count; i++)
            {
                criteria = criteria is null
                    ? Criteria.Where(leaves[i].Condition)
                    : criteria.Append(i == 0 ? Conjunction.Or : Conjunction.And, leaves[i].Condition);
            }
        }

        return criteria!;
    }

    private static string Echo(Node node, bool top) => node switch
    {
        Leaf leaf => leaf.Echo,
        Group g => (top ? "" : "(") + string.Join(g.Join == Conjunction.And ? " AND " : " OR ", g.Children.Select(c => Echo(c, top: false))) + (top ? "" : ")"),
        _ => "",
    };

    // ----- one parse over the tokens -----

    private sealed class Run(List<Token> tokens, ObjectMetadata metadata, string objectName, ConditionParser owner)
    {
        private const int MaxDepth = 20;
        private int _position;

        public bool UsedDates { get; private set; }

        private Token Current => tokens[_position];

        /// <summary>The token after <see cref="Current"/> (the end token when there is none).</summary>
        private Token Next => tokens[Math.Min(_position + 1, tokens.Count - 1)];

        public void Expect(TokenKind kind)
        {
            if (Current.Kind != kind)
            {
                throw new CriteriaFormatException(kind == TokenKind.End
                    ? $"Unexpected {Current} at position {Current.Position + 1}; join conditions with AND or OR."
                    : $"Expected {kind} at position {Current.Position + 1} but found {Current}.");
            }

            _position++;
        }

        public Node ParseExpression(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new CriteriaFormatException($"The condition nests parentheses more than {MaxDepth} deep.");
            }

            // Collect clauses and the words between them, then group by precedence: AND before OR.
            var orParts = new List<Node>();
            var andParts = new List<Node> { ParseClause(depth) };
            while (Current.IsWord("AND") || Current.IsWord("OR"))
            {
                var isOr = Current.IsWord("OR");
                _position++;
                var next = ParseClause(depth);
                if (isOr)
                {
                    orParts.Add(Combine(Conjunction.And, andParts));
                    andParts = [next];
                }
                else
                {
                    andParts.Add(next);
                }
            }

            orParts.Add(Combine(Conjunction.And, andParts));
            return Combine(Conjunction.Or, orParts);
        }

        private Node ParseClause(int depth)
        {
            if (Current.IsWord("NOT"))
            {
                throw new CriteriaFormatException(
                    $"'NOT' before a condition (position {Current.Position + 1}) cannot be sent: Ontraport's criteria have no negation of a condition or group. " +
                    "Negate the comparison itself instead: <> for =, NOT IN for IN, < for >=.");
            }

            if (Current.Kind == TokenKind.OpenParen)
            {
                _position++;
                var inner = ParseExpression(depth + 1);
                if (Current.Kind != TokenKind.CloseParen)
                {
                    throw new CriteriaFormatException($"Missing ')' before {Current} at position {Current.Position + 1}.");
                }

                _position++;
                return inner;
            }

            return ParseComparison();
        }

        private Node ParseComparison()
        {
            var fieldToken = Current;
            var field = ReadField();
            var op = ReadOperator(field);
            return op switch
            {
                "IS NULL" => Leaf(Condition.IsNull(field.Name), $"{Name(field)} IS NULL"),
                "IS NOT NULL" => throw new CriteriaFormatException(
                    $"Ontraport's criteria have no IS NOT NULL (supported: {SupportedOperators}). " +
                    $"To match records where {field.Name} is set, use {field.Name} <> \"\"."),
                "NOT LIKE" => throw new CriteriaFormatException(
                    $"Ontraport's criteria have no NOT LIKE, so 'does not contain' / 'not like' cannot be sent (supported: {SupportedOperators}). " +
                    "Fetch the LIKE matches and exclude them, or use <> or NOT IN for exact values."),
                "IN" or "NOT IN" => ParseList(field, op),
                "BETWEEN" => ParseBetween(field),
                _ => ParseScalar(field, op, fieldToken),
            };
        }

        private FieldMetadata ReadField()
        {
            var start = Current;
            if (Current.Kind == TokenKind.Quoted)
            {
                _position++;
                return metadata.FindField(start.Text) ?? throw Unknown(start.Text);
            }

            // Collect words until an operator word follows words that already name a field, so aliases with spaces work
            // ("Date of Last Activity before …") and a field whose alias contains an operator word ("Over Budget") still can.
            var words = new List<string>();
            int? firstOperator = null;
            while (Current.Kind == TokenKind.Word && !Current.IsWord("AND") && !Current.IsWord("OR"))
            {
                if (words.Count > 0 && OperatorWords.Contains(Current.Text))
                {
                    firstOperator ??= words.Count;
                    if (metadata.FindField(string.Join(' ', words)) is not null)
                    {
                        break;
                    }
                }

                words.Add(Current.Text);
                _position++;
            }

            if (words.Count == 0)
            {
                throw new CriteriaFormatException($"Expected a field name at position {start.Position + 1} but found {start}.");
            }

            // Field names may have spaces ("Lifetime Value"). Take the longest run of words that names a field, so that in
            // "state CA" the field is "state" and 'CA' is reported as a missing operator.
            for (var count = words.Count; count > 0; count--)
            {
                if (metadata.FindField(string.Join(' ', words.Take(count))) is { } field)
                {
                    _position -= words.Count - count;
                    return field;
                }
            }

            throw Unknown(string.Join(' ', words.Take(firstOperator ?? words.Count)));
        }

        private CriteriaFormatException Unknown(string typed)
        {
            var unknown = metadata.DescribeUnknownField(typed, objectName);
            return new CriteriaFormatException(char.ToUpperInvariant(unknown.Message[0]) + unknown.Message[1..]) { UnknownField = unknown };
        }

        private string ReadOperator(FieldMetadata field)
        {
            var token = Current;
            _position++;
            if (token.Kind == TokenKind.Symbol)
            {
                if (token.Text is "=" && Current.IsWord("NULL"))
                {
                    _position++;
                    return "IS NULL";
                }

                if (token.Text is "!=" or "<>" && Current.IsWord("NULL"))
                {
                    _position++;
                    return "IS NOT NULL";
                }

                return token.Text == "!=" ? "<>" : token.Text;
            }

            if (token.Kind != TokenKind.Word)
            {
                throw new CriteriaFormatException($"Expected an operator after '{field.Name}' but found {token}.");
            }

            return ReadWordOperator(field, token);
        }

        /// <summary>
        /// Operators written as words: <c>is</c>, <c>is not</c>, <c>not in</c>, <c>over</c>, <c>more than</c>, <c>at least</c>,
        /// <c>no more than</c>, <c>contains</c>, <c>starts with</c>, <c>before</c>, <c>within</c>, <c>in the last …</c> (dates)…
        /// Returns the symbol or keyword the rest of the parser works with.
        /// </summary>
        private string ReadWordOperator(FieldMetadata field, Token token)
        {
            var word = token.Text.ToUpperInvariant();
            switch (word)
            {
                case "IS":
                    if (Current.IsWord("NOT"))
                    {
                        _position++;
                        return Negated(field, "IS NOT");
                    }

                    if (Current.IsWord("NULL") || Current.IsWord("EMPTY") || Current.IsWord("BLANK"))
                    {
                        _position++;
                        return "IS NULL";
                    }

                    // "is over 1000", "is before 2026-01-01", "is in (…)": the word after "is" is the operator. A value that
                    // merely starts with such a word ("is On Hold", "is In Progress") stays a value.
                    if (StartsComparisonAfterIs(field))
                    {
                        var next = Current;
                        _position++;
                        return ReadWordOperator(field, next);
                    }

                    return "=";
                case "NOT":
                    return Negated(field, "NOT");
                case "DOES":
                    ExpectWord("NOT", "DOES");
                    return Negated(field, "DOES NOT");
                case "IN" when field.Kind == FieldKind.Date && Current.Kind != TokenKind.OpenParen:
                    // "date added in the last 30 days": a date phrase, not a list.
                    SkipWord("THE");
                    return "WITHIN";
                case "IN" or "LIKE" or "CONTAINS" or "BEFORE" or "AFTER" or "BETWEEN" or "SINCE" or "UNTIL" or "EQUALS":
                    return word;
                case "CONTAIN":
                    return "CONTAINS";
                case "EQUAL":
                    SkipWord("TO");
                    return "=";
                case "OVER" or "ABOVE" or "EXCEEDS":
                    return ">";
                case "UNDER" or "BELOW":
                    return "<";
                case "GREATER" or "MORE":
                    ExpectWord("THAN", word);
                    return OrEqualTo() ? ">=" : ">";
                case "LESS" or "FEWER":
                    ExpectWord("THAN", word);
                    return OrEqualTo() ? "<=" : "<";
                case "AT" when Current.IsWord("LEAST"):
                    _position++;
                    return ">=";
                case "AT" when Current.IsWord("MOST"):
                    _position++;
                    return "<=";
                case "NO" when Current.IsWord("MORE") || Current.IsWord("LESS"):
                    var more = Current.IsWord("MORE");
                    _position++;
                    ExpectWord("THAN", more ? "NO MORE" : "NO LESS");
                    return more ? "<=" : ">=";
                case "WITHIN" or "DURING" or "ON":
                    SkipWord("THE");
                    return "WITHIN";
                case "STARTS" or "ENDS":
                    ExpectWord("WITH", word);
                    return word + " WITH";
                default:
                    throw new CriteriaFormatException(
                        $"'{token.Text}' is not an operator. Use =, !=, <>, >, <, >=, <=, IN (…), NOT IN (…), IS NULL, LIKE, contains, starts with, ends with, " +
                        "over, under, at least, at most, before, after, within.");
            }
        }

        /// <summary>What follows a negation (<c>is not</c>, <c>not</c>, <c>does not</c>): <c>&lt;&gt;</c>, NOT IN, or a refused NOT LIKE / IS NOT NULL.</summary>
        private string Negated(FieldMetadata field, string negation)
        {
            if (Current.IsWord("NULL") || Current.IsWord("EMPTY") || Current.IsWord("BLANK"))
            {
                _position++;
                return "IS NOT NULL";
            }

            if (Current.IsWord("IN") && Next.Kind == TokenKind.OpenParen)
            {
                _position++;
                return "NOT IN";
            }

            if (Current.IsWord("LIKE") || Current.IsWord("CONTAINS") || Current.IsWord("CONTAIN") || Current.IsWord("STARTS") || Current.IsWord("START") ||
                Current.IsWord("ENDS") || Current.IsWord("END"))
            {
                _position++;
                return "NOT LIKE";
            }

            if (Current.IsWord("EQUAL") || Current.IsWord("EQUALS"))
            {
                _position++;
                SkipWord("TO");
                return "<>";
            }

            if (negation == "IS NOT")
            {
                return "<>";
            }

            throw new CriteriaFormatException(
                $"'{negation}' after '{field.Name}' must be followed by IN (…), EQUAL TO or a value; Ontraport's criteria support no other negation (supported: {SupportedOperators}).");
        }

        private bool StartsComparisonAfterIs(FieldMetadata field)
        {
            var next = Next;
            return Current.Kind == TokenKind.Word && Current.Text.ToUpperInvariant() switch
            {
                "OVER" or "ABOVE" or "UNDER" or "BELOW" or "BEFORE" or "AFTER" or "WITHIN" or "BETWEEN" or "LIKE" or "SINCE" or "UNTIL" or "DURING" => true,
                "GREATER" or "MORE" or "LESS" or "FEWER" => next.IsWord("THAN"),
                "AT" => next.IsWord("LEAST") || next.IsWord("MOST"),
                "NO" => next.IsWord("MORE") || next.IsWord("LESS"),
                "EQUAL" => next.IsWord("TO"),
                "IN" => next.Kind == TokenKind.OpenParen || field.Kind == FieldKind.Date,
                _ => false,
            };
        }

        /// <summary>Reads the "or equal to" of "greater than or equal to"; the OR is then not a conjunction.</summary>
        private bool OrEqualTo()
        {
            if (!Current.IsWord("OR") || !Next.IsWord("EQUAL"))
            {
                return false;
            }

            _position += 2;
            SkipWord("TO");
            return true;
        }

        private void SkipWord(string word)
        {
            if (Current.IsWord(word))
            {
                _position++;
            }
        }

        private void ExpectWord(string word, string after)
        {
            if (!Current.IsWord(word))
            {
                throw new CriteriaFormatException($"Expected '{word}' after '{after}' but found {Current}.");
            }

            _position++;
        }

        private Node ParseList(FieldMetadata field, string op)
        {
            if (Current.Kind != TokenKind.OpenParen)
            {
                throw new CriteriaFormatException($"{op} needs a parenthesized list, e.g. {field.Name} {op} (1, 2, 3).");
            }

            _position++;
            var values = new List<(ConditionLiteral Literal, string Echo)>();
            while (true)
            {
                var raw = ReadRawValue(stopAtComma: true);
                UsedDates |= field.Kind == FieldKind.Date && !IsPlainNumber(raw.Text);
                values.Add(owner.ScalarLiteral(field, raw.Text, raw.Quoted));
                if (Current.Kind == TokenKind.Comma)
                {
                    _position++;
                    continue;
                }

                if (Current.Kind == TokenKind.CloseParen)
                {
                    _position++;
                    break;
                }

                throw new CriteriaFormatException($"Expected ',' or ')' in the {op} list but found {Current}.");
            }

            var conditionOp = op == "IN" ? ConditionOperator.In : ConditionOperator.NotIn;
            return Leaf(new Condition(field.Name, conditionOp, [.. values.Select(v => v.Literal)]),
                $"{Name(field)} {op} ({string.Join(", ", values.Select(v => v.Echo))})");
        }

        private Node ParseBetween(FieldMetadata field)
        {
            var low = ReadRawValue(stopAtComma: false, stopAtAnd: true);
            ExpectWord("AND", "BETWEEN <low>");
            var high = ReadRawValue(stopAtComma: false);
            if (field.Kind == FieldKind.Date)
            {
                UsedDates = true;
                var from = owner.Date(field, low.Text);
                var to = owner.Date(field, high.Text);
                return Combine(Conjunction.And,
                [
                    DateLeaf(field, ConditionOperator.GreaterOrEqual, from.Start, from.Description),
                    DateLeaf(field, ConditionOperator.LessThan, to.End ?? to.Start, to.Description),
                ]);
            }

            var (lowLiteral, lowEcho) = owner.ScalarLiteral(field, low.Text, low.Quoted);
            var (highLiteral, highEcho) = owner.ScalarLiteral(field, high.Text, high.Quoted);
            return Combine(Conjunction.And,
            [
                Leaf(Condition.Compare(field.Name, ConditionOperator.GreaterOrEqual, lowLiteral), $"{Name(field)} >= {lowEcho}"),
                Leaf(Condition.Compare(field.Name, ConditionOperator.LessOrEqual, highLiteral), $"{Name(field)} <= {highEcho}"),
            ]);
        }

        private Node ParseScalar(FieldMetadata field, string op, Token fieldToken)
        {
            var raw = ReadRawValue(stopAtComma: false);
            switch (op)
            {
                case "LIKE":
                    return Leaf(Condition.Compare(field.Name, ConditionOperator.Like, ConditionLiteral.Of(raw.Text)), $"{Name(field)} LIKE \"{raw.Text}\"");
                case "CONTAINS":
                    return Like(field, $"%{EscapeLike(raw.Text)}%", $"contains \"{raw.Text}\"");
                case "STARTS WITH":
                    return Like(field, $"{EscapeLike(raw.Text)}%", $"starts with \"{raw.Text}\"");
                case "ENDS WITH":
                    return Like(field, $"%{EscapeLike(raw.Text)}", $"ends with \"{raw.Text}\"");
            }

            if (field.Kind == FieldKind.Date && !IsPlainNumber(raw.Text))
            {
                UsedDates = true;
                return DateComparison(field, op, owner.Date(field, raw.Text));
            }

            if (op is "BEFORE" or "AFTER" or "WITHIN" or "SINCE" or "UNTIL")
            {
                throw new CriteriaFormatException($"'{op.ToLowerInvariant()}' works on date fields; {Name(field)} is a {field.Type} field. Use =, <, > and the like.");
            }

            var (literal, echo) = owner.ScalarLiteral(field, raw.Text, raw.Quoted);
            var conditionOp = ToOperator(op, fieldToken);
            return Leaf(Condition.Compare(field.Name, conditionOp, literal), $"{Name(field)} {Condition.OperatorToken(conditionOp)} {echo}");
        }

        private Node DateComparison(FieldMetadata field, string op, DateExpression date)
        {
            var describe = date.Description;
            if (date.End is not { } end)
            {
                var pointOp = op switch
                {
                    "=" or "EQUALS" or "WITHIN" => ConditionOperator.Equal,
                    "<>" => ConditionOperator.NotEqual,
                    ">" or "AFTER" => ConditionOperator.GreaterThan,
                    ">=" or "SINCE" => ConditionOperator.GreaterOrEqual,
                    "<" or "BEFORE" or "UNTIL" => ConditionOperator.LessThan,
                    "<=" => ConditionOperator.LessOrEqual,
                    _ => throw new CriteriaFormatException($"'{op}' cannot compare a date."),
                };
                return DateLeaf(field, pointOp, date.Start, describe);
            }

            return op switch
            {
                "=" or "EQUALS" or "WITHIN" => Combine(Conjunction.And,
                [
                    DateLeaf(field, ConditionOperator.GreaterOrEqual, date.Start, describe),
                    DateLeaf(field, ConditionOperator.LessThan, end, describe),
                ]),
                "<>" => Combine(Conjunction.Or,
                [
                    DateLeaf(field, ConditionOperator.LessThan, date.Start, describe),
                    DateLeaf(field, ConditionOperator.GreaterOrEqual, end, describe),
                ]),
                ">" or "AFTER" => DateLeaf(field, ConditionOperator.GreaterOrEqual, end, describe),
                ">=" or "SINCE" => DateLeaf(field, ConditionOperator.GreaterOrEqual, date.Start, describe),
                "<" or "BEFORE" => DateLeaf(field, ConditionOperator.LessThan, date.Start, describe),
                "<=" or "UNTIL" => DateLeaf(field, ConditionOperator.LessThan, end, describe),
                _ => throw new CriteriaFormatException($"'{op}' cannot compare a date."),
            };
        }

        private static Leaf DateLeaf(FieldMetadata field, ConditionOperator op, DateTimeOffset at, string description) =>
            Leaf(Condition.Compare(field.Name, op, ConditionLiteral.Of(at.ToUnixTimeSeconds())),
                $"{Name(field)} {Condition.OperatorToken(op)} {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} [{description}]");

        private static Leaf Like(FieldMetadata field, string pattern, string echo) =>
            Leaf(Condition.Compare(field.Name, ConditionOperator.Like, ConditionLiteral.Of(pattern)), $"{Name(field)} {echo}");

        private static string EscapeLike(string text) => text.Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

        private static ConditionOperator ToOperator(string op, Token at) => op switch
        {
            "=" or "EQUALS" => ConditionOperator.Equal,
            "<>" => ConditionOperator.NotEqual,
            ">" => ConditionOperator.GreaterThan,
            "<" => ConditionOperator.LessThan,
            ">=" => ConditionOperator.GreaterOrEqual,
            "<=" => ConditionOperator.LessOrEqual,
            _ => throw new CriteriaFormatException($"Operator '{op}' is not supported here (position {at.Position + 1})."),
        };

        /// <summary>Reads a value: one quoted string, or the words up to AND/OR/')' (so <c>state = New York</c> and <c>180 days ago</c> work).</summary>
        private (string Text, bool Quoted) ReadRawValue(bool stopAtComma, bool stopAtAnd = false)
        {
            if (Current.Kind == TokenKind.Quoted)
            {
                var text = Current.Text;
                _position++;
                return (text, true);
            }

            var words = new List<string>();
            while (true)
            {
                if (Current.Kind == TokenKind.Word && !Current.IsWord("AND") && !Current.IsWord("OR"))
                {
                    words.Add(Current.Text);
                    _position++;
                    continue;
                }

                // "$1,000" and "1,000,000": a comma followed by exactly three digits continues a number outside lists.
                if (!stopAtComma && Current.Kind == TokenKind.Comma && words.Count > 0 &&
                    tokens[_position + 1] is { Kind: TokenKind.Word } next && next.Text.Length >= 3 && next.Text[..3].All(char.IsAsciiDigit) &&
                    words[^1].Length > 0 && char.IsAsciiDigit(words[^1][^1]))
                {
                    words[^1] += "," + next.Text;
                    _position += 2;
                    continue;
                }

                break;
            }

            _ = stopAtAnd;
            if (words.Count == 0)
            {
                throw new CriteriaFormatException($"Expected a value at position {Current.Position + 1} but found {Current}.");
            }

            return (string.Join(' ', words), false);
        }

        private static Leaf Leaf(Condition condition, string echo) => new(condition, echo);

        private static string Name(FieldMetadata field) =>
            string.Equals(field.Alias, field.Name, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(field.Alias)
                ? field.Name
                : $"{field.Name} ({field.Alias})";

        private static bool IsPlainNumber(string text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    // ----- values -----

    private DateExpression Date(FieldMetadata field, string text) =>
        DateExpression.TryParse(text, _time.GetUtcNow(), _zone)
        ?? throw new CriteriaFormatException(
            $"'{text}' is not a date {field.Name} can be compared with. Use an ISO date (2026-11-01), a date-time (2026-11-01T09:00:00Z), " +
            "or a phrase: today, yesterday, this week, this month, last month, this year, last 30 days, 180 days ago.");

    /// <summary>Converts one typed value for <paramref name="field"/> to the literal Ontraport expects, with its echo.</summary>
    private (ConditionLiteral Literal, string Echo) ScalarLiteral(FieldMetadata field, string text, bool quoted)
    {
        switch (field.Kind)
        {
            case FieldKind.Number or FieldKind.Money or FieldKind.Lookup:
            {
                switch (FieldValueConverter.ReadNumber(field, text, out var number))
                {
                    case FieldValueProblem.None:
                        return (ConditionLiteral.Of(number), number.ToString(CultureInfo.InvariantCulture));
                    case FieldValueProblem.TooManyDecimals:
                        throw new CriteriaFormatException($"'{text}' has more than two decimals; {field.Name} ({field.Alias}) holds money, kept to the cent.");
                    default:
                        throw new CriteriaFormatException($"'{text}' is not a number; {field.Name} ({field.Alias}) holds {(field.Kind == FieldKind.Money ? "money" : field.Kind == FieldKind.Lookup ? "a record id" : "numbers")}.");
                }
            }

            case FieldKind.Date:
            {
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    return (ConditionLiteral.Of(seconds), text);
                }

                var date = Date(field, text);
                return (ConditionLiteral.Of(date.Start.ToUnixTimeSeconds()), $"{date.Start.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} [{date.Description}]");
            }

            case FieldKind.DropDown when field.Options.Count > 0:
            {
                if (FieldValueConverter.OptionKey(field, text) is { } key)
                {
                    return (ConditionLiteral.Of(key), $"{key} ({field.Options[key]})");
                }

                throw new CriteriaFormatException(
                    $"'{text}' is not an option of {field.Name} ({field.Alias}); options: {string.Join(", ", field.Options.Take(20).Select(o => $"{o.Key} = {o.Value}"))}.");
            }

            case FieldKind.Checkbox:
                return FieldValueConverter.Checkbox(text) switch
                {
                    true => (ConditionLiteral.Of(1), "1 (checked)"),
                    false => (ConditionLiteral.Of(0), "0 (unchecked)"),
                    null => throw new CriteriaFormatException($"'{text}' is not a checkbox value; use true or false."),
                };

            default:
                return (ConditionLiteral.Of(text), $"\"{text}\"");
        }
    }
}
