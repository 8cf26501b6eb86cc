using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>Every tool answers with one compact JSON text block (DESIGN §4), or an error result.</summary>
public static class ToolOutput
{
    /// <summary>About 25,000 tokens of JSON.</summary>
    public const int MaxCharacters = 100_000;

    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable non-ASCII; the text never lands in HTML
    };

    public static CallToolResult Json(JsonNode node) => new()
    {
        Content = [new TextContentBlock { Text = node.ToJsonString(Compact) }],
    };

    /// <summary>A typed answer (<see cref="RecordPage"/> and friends), serialized in this one place by <see cref="ToolJson"/>.</summary>
    public static CallToolResult Json<T>(T answer)
        where T : class => new()
    {
        Content = [new TextContentBlock { Text = JsonSerializer.Serialize(answer, ToolJson.Of<T>()) }],
    };

    public static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    /// <summary>A typed <c>dry_run</c> answer with the exact requests that would be sent (credentials never included).</summary>
    public static CallToolResult DryRun<T>(IEnumerable<Client.Http.OntraportRequest> requests, T answer)
        where T : DryRunAnswer =>
        Json((T)(((DryRunAnswer)answer) with { Requests = [.. requests.Select(r => r.Describe())] }));

    /// <summary>
    /// The typed <c>dry_run</c> answer of a bulk action; above <see cref="ToolSession.BulkConfirmAbove"/> records the note
    /// says which <c>confirm_count</c> the real call needs.
    /// </summary>
    public static CallToolResult BulkDryRun<T>(IEnumerable<Client.Http.OntraportRequest> requests, T answer, long count, string what)
        where T : DryRunAnswer =>
        DryRun(requests, count > ToolSession.BulkConfirmAbove
            ? (T)(((DryRunAnswer)answer) with { Note = $"Nothing was sent. To {what} these {count} records, call again with confirm_count: {count}." })
            : answer);

    /// <summary>The answer of a <c>dry_run</c>: the exact requests that would be sent (credentials never included).</summary>
    private static CallToolResult DryRun(IEnumerable<Client.Http.OntraportRequest> requests, JsonObject? extra = null)
    {
        var answer = new JsonObject { ["dry_run"] = true };
        foreach (var (key, value) in extra ?? [])
        {
            answer[key] = value?.DeepClone();
        }

        answer["requests"] = new JsonArray([.. requests.Select(r => (JsonNode)r.Describe())]);
        answer["note"] ??= "Nothing was sent. Call again without dry_run to do it.";
        return Json(answer);
    }

    /// <summary>
    /// The <c>dry_run</c> answer of a bulk action; above <see cref="ToolSession.BulkConfirmAbove"/> records the note says
    /// which <c>confirm_count</c> the real call needs.
    /// </summary>
    public static CallToolResult BulkDryRun(IEnumerable<Client.Http.OntraportRequest> requests, JsonObject answer, long count, string what)
    {
        if (count > ToolSession.BulkConfirmAbove)
        {
            answer["note"] = $"Nothing was sent. To {what} these {count} records, call again with confirm_count: {count}.";
        }

        return DryRun(requests, answer);
    }

    public static int Size(JsonNode node) => node.ToJsonString(Compact).Length;

    /// <summary>
    /// A typed page: items cut from the end while the answer is over the size cap, and every cut (or capped limit) said in
    /// <see cref="RecordPage.Note"/> with how to narrow the request.
    /// </summary>
    public static RecordPage PageOf(long? total, QueryPage paging, IReadOnlyList<JsonObject> items)
    {
        var (kept, cut) = Fit(items);
        return Page(total, paging, items.Count, kept, cut);
    }

    /// <summary>
    /// The answer of a page, <paramref name="echo"/> adding the tool's echoes to it, serialized once when it fits: every
    /// item is written inside the answer with the same options, so an answer within the cap means the items are too and
    /// nothing is cut. Only an answer over the cap measures its items one by one (<see cref="PageOf"/>). The bytes are
    /// those of <c>Json(echo(PageOf(...)))</c>.
    /// </summary>
    public static CallToolResult Page(long? total, QueryPage paging, IReadOnlyList<JsonObject> items, Func<RecordPage, RecordPage> echo)
    {
        var text = JsonSerializer.Serialize(echo(Page(total, paging, items.Count, items, null)), ToolJson.Of<RecordPage>());
        return text.Length <= MaxCharacters - 2_000
            ? new CallToolResult { Content = [new TextContentBlock { Text = text }] }
            : Json(echo(PageOf(total, paging, items)));
    }

    private static RecordPage Page(long? total, QueryPage paging, int asked, IReadOnlyList<JsonObject> kept, string? cut)
    {
        var more = total is { } t ? paging.Start + kept.Count < t : asked >= paging.Size || cut is not null;
        string?[] notes = [paging.Note, cut];
        return new RecordPage
        {
            Count = total,
            Start = paging.Start,
            Returned = kept.Count,
            NextStart = more ? paging.Start + kept.Count : null,
            Note = notes.Any(n => n is not null) ? string.Join(" ", notes.OfType<string>()) : null,
            Items = kept,
        };
    }

    /// <summary>
    /// A typed list answer: <paramref name="answer"/> (the tool's own echoes and note) with the paging of
    /// <paramref name="items"/> filled in. Items are cut from the end while the answer is over the size cap; a capped
    /// limit replaces the tool's note, and a cut is added to it, with how to narrow the request.
    /// </summary>
    public static CallToolResult List<TAnswer, TItem>(TAnswer answer, long? total, QueryPage paging, IReadOnlyList<TItem> items)
        where TAnswer : ListAnswer<TItem>
    {
        var info = ToolJson.Of<TItem>();
        var sizes = items.Select(i => JsonSerializer.Serialize(i, info).Length).ToList();
        var kept = items.Count;
        var size = sizes.Sum();
        while (kept > 1 && size > MaxCharacters - 2_000)
        {
            kept--;
            size -= sizes[kept];
        }

        var cut = kept == items.Count ? null
            : $"Truncated: {kept} of {items.Count} records fit the size limit; ask for fewer fields (fields: [...]) or a smaller limit, and page on with next_start.";
        var more = total is { } t ? paging.Start + kept < t : items.Count >= paging.Size || cut is not null;
        var said = paging.Note ?? answer.Note;
        return Json((TAnswer)(((ListAnswer<TItem>)answer) with
        {
            Count = total,
            Start = paging.Start,
            Returned = kept,
            NextStart = more ? paging.Start + kept : null,
            Note = said is null ? cut : cut is null ? said : $"{said} {cut}",
            Items = [.. items.Take(kept)],
        }));
    }

    /// <summary>The items that fit under the size cap, and the note that says what was cut (null when nothing was).</summary>
    private static (List<JsonObject> Kept, string? Note) Fit(IReadOnlyList<JsonObject> items)
    {
        var kept = items.ToList();
        var size = kept.Sum(i => i.ToJsonString(Compact).Length);
        while (kept.Count > 1 && size > MaxCharacters - 2_000)
        {
            size -= kept[^1].ToJsonString(Compact).Length;
            kept.RemoveAt(kept.Count - 1);
        }

        return (kept, kept.Count == items.Count ? null
            : $"Truncated: {kept.Count} of {items.Count} records fit the size limit; ask for fewer fields (fields: [...]) or a smaller limit, and page on with next_start.");
    }
}
