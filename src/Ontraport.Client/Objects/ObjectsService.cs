using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ontraport.Client.Http;
using Ontraport.Client.Metadata;

namespace Ontraport.Client.Objects;

/// <summary>The generic object endpoints (API reference §2) for one account.</summary>
public sealed class ObjectsService
{
    private readonly OntraportClient _client;

    internal ObjectsService(OntraportClient client) => _client = client;

    /// <summary>One record, or null when Ontraport answers 404.</summary>
    public async Task<OntraportRecord?> GetAsync(int objectTypeId, long id, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.SendAsync(ObjectRequests.Get(objectTypeId, id), cancellationToken);
            return response.Data is JsonObject record && record.Count > 0 ? new OntraportRecord(record, objectTypeId) : null;
        }
        catch (OntraportException ex) when (ex.Kind == OntraportErrorKind.NotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<OntraportRecord>> ListAsync(int objectTypeId, ListOptions options, CancellationToken cancellationToken)
    {
        var response = await _client.SendAsync(ObjectRequests.List(objectTypeId, options), cancellationToken);
        return OntraportRecord.ListFrom(response.Data, objectTypeId);
    }

    /// <summary>
    /// One page and the total number of matches. The total comes with the page when Ontraport honours <c>count=true</c>
    /// (INFERRED answer shape: <c>"misc":{"count":"N"}</c>; the 2025 changelog names the flag but not where the count
    /// goes); otherwise one <c>objects/getInfo</c> request supplies it. One upstream request per page instead of two
    /// halves the rate-limit cost of paging.
    /// </summary>
    public async Task<(IReadOnlyList<OntraportRecord> Records, long Total)> ListPageAsync(int objectTypeId, ListOptions options, CancellationToken cancellationToken)
    {
        var response = await _client.SendAsync(ObjectRequests.List(objectTypeId, options with { IncludeCount = true }), cancellationToken);
        var records = OntraportRecord.ListFrom(response.Data, objectTypeId);
        if (JsonText.AsLong((response.Misc as JsonObject)?["count"]) is { } total)
        {
            return (records, total);
        }

        return (records, (await GetInfoAsync(objectTypeId, options.Selection, cancellationToken)).Count);
    }

    /// <summary>
    /// <see cref="ListPageAsync"/> without <see cref="JsonNode"/>s: the records as elements of the parsed answer
    /// (issue 22: <c>get_objects</c> shapes them straight into its answer). The same request, records and total.
    /// </summary>
    public async Task<RecordElements> ListPageElementsAsync(int objectTypeId, ListOptions options, CancellationToken cancellationToken)
    {
        var response = await _client.SendForDocumentAsync(ObjectRequests.List(objectTypeId, options with { IncludeCount = true }), cancellationToken);
        try
        {
            var records = RecordElements.ListFrom(response.Data);
            if (response.Misc is { ValueKind: JsonValueKind.Object } misc && misc.TryGetProperty("count", out var count) && JsonText.AsLong(count) is { } total)
            {
                return new RecordElements(response, records, total);
            }

            return new RecordElements(response, records, (await GetInfoAsync(objectTypeId, options.Selection, cancellationToken)).Count);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<CollectionInfo> GetInfoAsync(int objectTypeId, RecordSelection selection, CancellationToken cancellationToken)
    {
        var response = await _client.SendAsync(ObjectRequests.GetInfo(objectTypeId, selection), cancellationToken);
        var data = response.Data as JsonObject;
        var sums = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (data?["sums"] is JsonObject sumMap)
        {
            foreach (var (field, value) in sumMap)
            {
                if (JsonText.AsDecimal(value) is { } sum)
                {
                    sums[field] = sum;
                }
            }
        }

        var listFields = data?["listFields"] is JsonArray fields ? fields.Select(JsonText.AsString).OfType<string>().ToList() : [];
        return new CollectionInfo(JsonText.AsLong(data?["count"]) ?? 0, sums, listFields);
    }

    /// <summary>Every object type's fields (or one type's). Prefer <see cref="OntraportClient.GetMetadataAsync"/>, which caches.</summary>
    public async Task<AccountMetadata> GetMetaAsync(int? objectTypeId, CancellationToken cancellationToken)
    {
        var response = await _client.SendAsync(ObjectRequests.Meta(objectTypeId), cancellationToken);
        return AccountMetadata.Parse(response.Data);
    }

    /// <summary>The id of the contact with this email, or null when there is none (Ontraport answers 404).</summary>
    public async Task<long?> FindContactIdByEmailAsync(string email, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.SendAsync(ObjectRequests.GetByEmail(email), cancellationToken);
            return JsonText.AsLong((response.Data as JsonObject)?["id"]) is { } id && id > 0 ? id : null;
        }
        catch (OntraportException ex) when (ex.Kind == OntraportErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends a create once and answers the new record, or null when Ontraport accepted the create (code 0) but answered
    /// without a record that has an id. The record then exists all the same, so that is not an error: a request that
    /// created a record is never reported as failed once Ontraport accepted it (the caller says how to find it).
    /// </summary>
    public async Task<OntraportRecord?> CreateAsync(OntraportRequest request, CancellationToken cancellationToken)
    {
        var response = await _client.SendAsync(request, cancellationToken);
        return response.Data is JsonObject fields && new OntraportRecord(fields, (int?)JsonText.AsLong(request.Json?["objectID"])) is { Id: > 0 } record
            ? record
            : null;
    }

    public async Task<ChangedFields> UpdateAsync(OntraportRequest request, CancellationToken cancellationToken)
    {
        var response = await _client.SendAsync(request, cancellationToken);
        var attrs = (response.Data as JsonObject)?["attrs"] as JsonObject ?? new JsonObject();
        return new ChangedFields(JsonText.AsLong(attrs["id"]) ?? JsonText.AsLong(request.Json?["id"]) ?? 0, attrs);
    }

    public async Task<SaveOrUpdateResult> SaveOrUpdateAsync(OntraportRequest request, CancellationToken cancellationToken)
    {
        var response = await _client.SendAsync(request, cancellationToken);
        if (response.Data is JsonObject data && data["attrs"] is JsonObject attrs)
        {
            return new SaveOrUpdateResult(false, JsonText.AsLong(attrs["id"]) ?? 0, attrs);
        }

        var record = response.Data as JsonObject ?? new JsonObject();
        return new SaveOrUpdateResult(true, JsonText.AsLong(record["id"]) ?? 0, record);
    }

    /// <summary>Sends a write whose answer is a status text ("Deleted", "The tag is now being processed.") or nothing.</summary>
    public async Task<string?> SendActionAsync(OntraportRequest request, CancellationToken cancellationToken)
    {
        var response = await _client.SendAsync(request, cancellationToken);
        return response.Data switch
        {
            null => null,
            JsonValue value => JsonText.AsString(value),
            var other => other.ToJsonString(),
        };
    }

    public async Task<IReadOnlyList<OntraportRecord>> ListTaggedAsync(int objectTypeId, long? tagId, string? tagName, int start, int range, CancellationToken cancellationToken)
    {
        var response = await _client.SendAsync(ObjectRequests.ListTagged(objectTypeId, tagId, tagName, start, range), cancellationToken);
        return OntraportRecord.ListFrom(response.Data, objectTypeId);
    }

    /// <summary>
    /// Reads every record matching <paramref name="selection"/> page by page (50 at a time) up to <paramref name="max"/>;
    /// used where a tool needs ids (bulk guards) or must aggregate. Returns what it read and whether it stopped early.
    /// </summary>
    public async Task<(IReadOnlyList<OntraportRecord> Records, bool Truncated)> ListAllAsync(int objectTypeId, RecordSelection selection, int max, IReadOnlyList<string>? fields, CancellationToken cancellationToken)
    {
        var records = new List<OntraportRecord>();
        var pages = (max + ListOptions.MaxRange - 1) / ListOptions.MaxRange;
        for (var start = 0; records.Count < max; start += ListOptions.MaxRange)
        {
            if (start > 0)
            {
                _client.Report(new ReadingPage(start / ListOptions.MaxRange + 1, pages, PagesIsUpperBound: true));
            }

            var page = await ListAsync(objectTypeId, new ListOptions { Selection = selection, Start = start, Range = ListOptions.MaxRange, Fields = fields }, cancellationToken);
            records.AddRange(page);
            if (page.Count < ListOptions.MaxRange)
            {
                return (records, false);
            }
        }

        return (records.Take(max).ToList(), true);
    }

    /// <summary>
    /// The records with these ids, with only <paramref name="fields"/> (plus id) when given: one <c>ids=</c> list read per
    /// 50 ids (Ontraport's page maximum), never one request per record. Ids that do not exist are simply absent.
    /// </summary>
    public async Task<IReadOnlyList<OntraportRecord>> GetManyAsync(int objectTypeId, IEnumerable<long> ids, IReadOnlyList<string>? fields, CancellationToken cancellationToken)
    {
        var records = new List<OntraportRecord>();
        var chunks = ids.Where(i => i > 0).Distinct().Chunk(ListOptions.MaxRange).ToList();
        foreach (var (chunk, index) in chunks.Select((c, i) => (c, i)))
        {
            if (chunks.Count > 1)
            {
                _client.Report(new ReadingPage(index + 1, chunks.Count));
            }

            records.AddRange(await ListAsync(objectTypeId, new ListOptions
            {
                Selection = RecordSelection.ForIds(chunk),
                Range = ListOptions.MaxRange,
                Fields = fields,
            }, cancellationToken));
        }

        return records;
    }

    internal static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
