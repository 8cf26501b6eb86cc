using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Ontraport.Sandbox.Http;

/// <summary>
/// The parameters of one request, merged from the query string and the body (form or JSON), the three
/// encodings clients use (ontraport-api.md §1.3). Names match case-insensitively; body values win over
/// query values of the same name.
/// </summary>
internal sealed class ApiParameters
{
    private readonly Dictionary<string, ParameterValue> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];

    /// <summary>Names in the order they first appeared.</summary>
    public IReadOnlyList<string> Names => _order;

    public static ApiParameters Parse(string queryString, ReadOnlyMemory<byte> body, string? contentType)
    {
        var parameters = new ApiParameters();
        parameters.AddForm(queryString);
        if (!body.IsEmpty)
        {
            parameters.AddBody(body, contentType);
        }

        return parameters;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public ParameterValue? Get(string name) => _values.GetValueOrDefault(name);

    /// <summary>The scalar text of a parameter; null when absent or a JSON null.</summary>
    public string? Text(string name) => _values.TryGetValue(name, out var value) ? value.Text : null;

    /// <summary>The trimmed text, or null when absent or blank.</summary>
    public string? NonBlank(string name)
    {
        var text = Text(name)?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    public IReadOnlyList<string> List(string name) =>
        _values.TryGetValue(name, out var value) ? value.AsList() : [];

    /// <summary>An integer parameter; 400 when present but not an integer.</summary>
    public long? Long(string name)
    {
        var text = NonBlank(name);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        // JSON numbers such as 5.0 are still whole numbers.
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var dec) && dec == decimal.Truncate(dec)
            && dec >= long.MinValue && dec <= long.MaxValue)
        {
            return (long)dec;
        }

        throw ApiError.BadRequest($"Bad Request: {name} must be an integer.");
    }

    /// <summary>Integer ids from a comma list, PHP array or JSON array; 400 when one is not an integer.</summary>
    public IReadOnlyList<long> Ids(string name)
    {
        var ids = new List<long>();
        foreach (var item in List(name))
        {
            if (!long.TryParse(item.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                throw ApiError.BadRequest($"Bad Request: {name} must be a list of integers.");
            }

            ids.Add(id);
        }

        return ids;
    }

    /// <summary>A boolean flag: <c>1</c>, <c>true</c>, <c>yes</c>, <c>on</c> (any case) are true.</summary>
    public bool Flag(string name)
    {
        var text = NonBlank(name);
        return text is not null && (text == "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase)
            || text.Equals("yes", StringComparison.OrdinalIgnoreCase) || text.Equals("on", StringComparison.OrdinalIgnoreCase));
    }

    private void Set(string name, ParameterValue value)
    {
        if (!_values.ContainsKey(name))
        {
            _order.Add(name);
        }

        _values[name] = value;
    }

    private void AddBody(ReadOnlyMemory<byte> body, string? contentType)
    {
        var type = contentType?.Split(';')[0].Trim() ?? string.Empty;
        if (type.Contains("json", StringComparison.OrdinalIgnoreCase) || (type.Length == 0 && LooksLikeJson(body.Span)))
        {
            AddJson(body);
        }
        else if (type.Length == 0 || type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            AddForm(Encoding.UTF8.GetString(body.Span));
        }
        else
        {
            throw new ApiError(415, SandboxChoices.UnsupportedMediaTypeText);
        }
    }

    private static bool LooksLikeJson(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] == (byte)'{';
    }

    private void AddJson(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw ApiError.BadRequest(SandboxChoices.MalformedBodyText);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ApiError.BadRequest(SandboxChoices.MalformedBodyText);
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                // Clone: the values outlive the document.
                Set(property.Name, ParameterValue.FromJson(property.Value.Clone()));
            }
        }
    }

    /// <summary>Reads <c>a=1&amp;b=2</c> pairs, folding PHP arrays (<c>ids[]=1</c>, <c>ids[0]=1</c>) into lists.</summary>
    private void AddForm(string encoded)
    {
        var text = encoded.StartsWith('?') ? encoded[1..] : encoded;
        if (text.Length == 0)
        {
            return;
        }

        var lists = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var rawName = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? string.Empty : pair[(equals + 1)..];
            var name = WebUtility.UrlDecode(rawName);
            var value = WebUtility.UrlDecode(rawValue);
            if (name.Length == 0)
            {
                continue;
            }

            var arrayName = PhpArrayName(name);
            if (arrayName is null)
            {
                Set(name, ParameterValue.FromText(value));
                continue;
            }

            if (!lists.TryGetValue(arrayName, out var items))
            {
                items = [];
                lists[arrayName] = items;
            }

            items.Add(value);
            Set(arrayName, ParameterValue.FromItems(items));
        }
    }

    /// <summary><c>ids[]</c> and <c>ids[3]</c> are elements of <c>ids</c>; other brackets are left alone.</summary>
    private static string? PhpArrayName(string name)
    {
        var open = name.IndexOf('[', StringComparison.Ordinal);
        if (open <= 0 || !name.EndsWith(']'))
        {
            return null;
        }

        var index = name[(open + 1)..^1];
        return index.Length == 0 || index.All(char.IsAsciiDigit) ? name[..open] : null;
    }
}
