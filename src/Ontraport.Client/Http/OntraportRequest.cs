using System.Globalization;
using System.Text.Json.Nodes;

namespace Ontraport.Client.Http;

/// <summary>What a request can do to the account; decides whether a failed attempt may be repeated (DESIGN §3.2).</summary>
public enum RequestEffect
{
    /// <summary>Reads nothing but data: retried on 5xx, timeouts and connection faults.</summary>
    Read,

    /// <summary>A write whose repetition leaves the same state (update by id, delete, tag, pause): retried like a read.</summary>
    IdempotentWrite,

    /// <summary>
    /// A write that can create a record or move money (<c>POST objects</c>, <c>objects/saveorupdate</c>, <c>task/assign</c>,
    /// <c>transaction/processManual</c>, …). Sent exactly once: never retried, whatever happens.
    /// </summary>
    NonIdempotentWrite,
}

/// <summary>How the body travels, exactly as the API reference says per endpoint (§2, §3).</summary>
public enum BodyEncoding
{
    None,
    Form,
    Json,
}

/// <summary>
/// One Ontraport request, fully described before it is sent, so that <c>dry_run</c> can show exactly what would go upstream
/// and tests can assert method, path, query and body. Built by the services, sent by <see cref="OntraportTransport"/>.
/// </summary>
public sealed record OntraportRequest
{
    public required HttpMethod Method { get; init; }

    /// <summary>Path relative to the API root (<c>https://api.ontraport.com/1/</c>), e.g. <c>objects/saveorupdate</c>.</summary>
    public required string Path { get; init; }

    public required RequestEffect Effect { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    public BodyEncoding Encoding { get; init; } = BodyEncoding.None;

    /// <summary>Form fields when <see cref="Encoding"/> is <see cref="BodyEncoding.Form"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Form { get; init; } = [];

    /// <summary>The JSON body when <see cref="Encoding"/> is <see cref="BodyEncoding.Json"/>.</summary>
    public JsonObject? Json { get; init; }

    /// <summary>Fields of the body that must never be shown (card numbers, CVV); masked in <see cref="Describe"/>.</summary>
    public IReadOnlyList<string> SensitiveBodyPaths { get; init; } = [];

    /// <summary>The path and query as sent, e.g. <c>objects?objectID=0&amp;range=20</c>.</summary>
    public string RelativeUri => Query.Count == 0 ? Path : $"{Path}?{EncodePairs(Query)}";

    public HttpContent? CreateContent() => Encoding switch
    {
        BodyEncoding.Form => new FormUrlEncodedContent(Form),
        BodyEncoding.Json => new StringContent(Json?.ToJsonString(JsonText.Relaxed) ?? "{}", System.Text.Encoding.UTF8, "application/json"),
        _ => null,
    };

    /// <summary>A JSON description of the request for <c>dry_run</c> answers and logs: no credentials, card data masked.</summary>
    public JsonObject Describe()
    {
        var description = new JsonObject
        {
            ["method"] = Method.Method,
            ["path"] = "/1/" + Path,
        };
        if (Query.Count > 0)
        {
            description["query"] = Pairs(Query);
        }

        switch (Encoding)
        {
            case BodyEncoding.Form:
                description["content_type"] = "application/x-www-form-urlencoded";
                description["body"] = Mask(Pairs(Form));
                break;
            case BodyEncoding.Json:
                description["content_type"] = "application/json";
                description["body"] = Mask((JsonObject)(Json?.DeepClone() ?? new JsonObject()));
                break;
        }

        return description;
    }

    private JsonObject Mask(JsonObject body)
    {
        foreach (var path in SensitiveBodyPaths)
        {
            JsonNode? node = body;
            var parts = path.Split('.');
            for (var i = 0; i < parts.Length - 1 && node is JsonObject obj; i++)
            {
                node = obj[parts[i]];
            }

            if (node is JsonObject parent && parent[parts[^1]] is { } value)
            {
                var text = JsonText.AsString(value) ?? "";
                parent[parts[^1]] = text.Length > 4 ? new string('•', text.Length - 4) + text[^4..] : "••••";
            }
        }

        return body;
    }

    private static JsonObject Pairs(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            obj[key] = value;
        }

        return obj;
    }

    private static string EncodePairs(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    public override string ToString() => $"{Method} /1/{Path}";
}

/// <summary>
/// Builds query or form parameters the way every Ontraport client sends them: id lists comma-joined
/// (<c>ids=1,2,3</c>; API reference §1.3), criteria as a JSON string, booleans as <c>true</c>/<c>false</c>.
/// </summary>
public sealed class RequestParameters
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public RequestParameters Add(string name, string? value)
    {
        if (value is not null)
        {
            _pairs.Add(new(name, value));
        }

        return this;
    }

    public RequestParameters Add(string name, long? value) =>
        value is null ? this : Add(name, value.Value.ToString(CultureInfo.InvariantCulture));

    public RequestParameters Add(string name, bool? value) =>
        value is null ? this : Add(name, value.Value ? "true" : "false");

    public RequestParameters AddList(string name, IReadOnlyCollection<long>? ids) =>
        ids is null || ids.Count == 0 ? this : Add(name, string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))));

    public RequestParameters AddCriteria(string name, Conditions.Criteria? criteria) =>
        criteria is null ? this : Add(name, criteria.ToJsonString());
}
