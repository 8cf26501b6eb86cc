using Ontraport.Client.Http;
using Ontraport.Client.Metadata;
using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Transactions;

namespace Ontraport.Client;

/// <summary>
/// The client for one account and one call: its credentials, its time budget, and a count of the upstream requests it
/// made. Created by <see cref="OntraportClientFactory"/>; cheap, so create one per tool call. Thread-safe.
/// </summary>
public sealed class OntraportClient
{
    private readonly OntraportTransport _transport;
    private readonly OntraportTransport.CallState _call;
    private readonly MetadataCache _metadata;
    private readonly CacheOwner _cacheOwner;

    internal OntraportClient(OntraportTransport transport, MetadataCache metadata, OntraportCredentials credentials, Uri baseAddress, DateTimeOffset deadline, IProgress<CallProgress>? progress = null)
    {
        _transport = transport;
        _metadata = metadata;
        _call = new OntraportTransport.CallState(credentials, deadline, progress);
        // The account and a keyed hash of the credential, never the key: a wrong key with a known App ID reaches no entry
        // of the account's, so its reads go to Ontraport and are refused there (DESIGN §10).
        _cacheOwner = new CacheOwner($"{credentials.AppId}@{baseAddress}", credentials.Fingerprint);
        Objects = new ObjectsService(this);
        Commerce = new CommerceService(this);
    }

    /// <summary>The account's app id (not secret).</summary>
    public string AppId => _call.Credentials.AppId;

    /// <summary>Upstream HTTP requests made so far, retries included.</summary>
    public int RequestCount => _call.RequestCount;

    /// <summary>Requests that can create a record or move money that went out (0 when the call was refused or dry).</summary>
    public int RecordCreatingWrites => _call.RecordCreatingWrites;

    /// <summary>Requests that can change the account (anything but a read) that went out.</summary>
    public int WriteCount => _call.Writes;

    public DateTimeOffset Deadline => _call.Deadline;

    public ObjectsService Objects { get; }

    /// <summary>Transactions, orders, cards and gateways of this call's account (one gateway read per call).</summary>
    public CommerceService Commerce { get; }

    /// <summary>Tells whoever follows this call how it is doing (a multi-page read reports its pages).</summary>
    internal void Report(CallProgress progress) => _call.Progress?.Report(progress);

    /// <summary>Sends any request built by a route table (<see cref="ObjectRequests"/> and friends).</summary>
    public async Task<OntraportResponse> SendAsync(OntraportRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _transport.SendAsync(request, _call, cancellationToken);
        }
        catch (OntraportException ex) when (ex.Kind == OntraportErrorKind.Unauthorized)
        {
            _metadata.Forget(_cacheOwner); // a key Ontraport stopped accepting (revoked) is served nothing it read before
            throw;
        }
    }

    /// <summary><see cref="SendAsync"/> answering a parsed <see cref="System.Text.Json.JsonDocument"/> (page reads, issue 22).</summary>
    internal async Task<OntraportDocumentResponse> SendForDocumentAsync(OntraportRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _transport.SendForDocumentAsync(request, _call, cancellationToken);
        }
        catch (OntraportException ex) when (ex.Kind == OntraportErrorKind.Unauthorized)
        {
            _metadata.Forget(_cacheOwner);
            throw;
        }
    }

    /// <summary>
    /// All object types' fields for this account, cached per account and credential (see <see cref="MetadataCache"/>): only
    /// credentials Ontraport accepted have an entry; others read (and are refused) upstream.
    /// </summary>
    public Task<AccountMetadata> GetMetadataAsync(CancellationToken cancellationToken) =>
        _metadata.GetAsync(_cacheOwner, () => Objects.GetMetaAsync(null, CancellationToken.None), cancellationToken);

    /// <summary>
    /// Any other value derived from this account's answers (the server's account time zone), cached and forgotten like the
    /// metadata, per account and credential. <paramref name="load"/> reads it from Ontraport with this client, so only
    /// credentials Ontraport accepted get an entry; it is shared by concurrent first callers, so it should not observe
    /// one caller's cancellation.
    /// </summary>
    public Task<T> GetCachedAsync<T>(string name, Func<Task<T>> load, CancellationToken cancellationToken)
        where T : class =>
        _metadata.GetAsync(_cacheOwner, "value/" + name, load, cancellationToken);

    /// <summary>
    /// The columns the account's list view shows for a type (<c>objects/getInfo</c> <c>listFields</c>, as Ontraport's UI
    /// shows them), cached per account like the metadata. Empty when the account names none.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetListFieldsAsync(int objectTypeId, CancellationToken cancellationToken) =>
        (await _metadata.GetAsync(_cacheOwner, $"columns/{objectTypeId}", async () =>
            new ListFields((await Objects.GetInfoAsync(objectTypeId, new RecordSelection(), CancellationToken.None)).ListFields), cancellationToken)).Fields;

    /// <summary>
    /// Names of records of one type by id (tags, sequences, automations, users…): ids not yet known are read in one
    /// batched request per 50 (see <see cref="ObjectsService.GetManyAsync"/>), and what was read is kept per account
    /// for the metadata's time-to-live. Ids that do not exist are absent from the answer. Best effort: names decorate
    /// an answer, so when Ontraport cannot answer (a limit, an outage, a type the key may not read) the names known so
    /// far come back and nothing is thrown; a read-back after a write must never fail because of them.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, string>> GetRecordNamesAsync(int objectTypeId, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Where(i => i > 0).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<long, string>();
        }

        // The metadata first: the book is made without a request, and only credentials Ontraport accepted may hold one.
        var metadata = (await GetMetadataAsync(cancellationToken)).Find(objectTypeId) ?? new ObjectMetadata(objectTypeId, "", []);
        var book = await _metadata.GetAsync(_cacheOwner, $"names/{objectTypeId}", () => Task.FromResult(new RecordNameBook()), cancellationToken);
        if (book.Missing(wanted) is { Count: > 0 } missing)
        {
            var nameFields = RecordFields.NameFields(metadata);
            try
            {
                var records = await Objects.GetManyAsync(objectTypeId, missing, [.. nameFields, "email"], cancellationToken);
                book.Learn(missing, records.ToDictionary(r => r.Id, r => RecordFields.DisplayName(r, nameFields)));
            }
            catch (OntraportException)
            {
                // Not learned: asked again next time.
            }
        }

        return book.Names(wanted);
    }

    /// <summary>Drops this account's cached metadata and everything cached with it, whichever credential read it.</summary>
    public void InvalidateMetadata() => _metadata.Invalidate(_cacheOwner.Account);

    /// <summary>The account's object types: built-ins plus its custom objects.</summary>
    public async Task<ObjectTypeCatalog> GetObjectTypesAsync(CancellationToken cancellationToken) =>
        ObjectTypeCatalog.FromMetadata(await GetMetadataAsync(cancellationToken));
}
