using Ontraport.Sandbox.RateLimit;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Seed;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox;

/// <summary>
/// One emulated Ontraport account, chosen by the <c>Api-Appid</c> header and seeded with the demo business on
/// first use. Tests of other layers read its request log and records here; every read returns a snapshot.
/// </summary>
public sealed partial class SandboxAccount
{
    /// <summary>The request log keeps the most recent entries only, so a long-running demo server does not grow without bound.</summary>
    public const int RequestLogCapacity = 10_000;

    /// <summary>Longest body text kept per logged request (longer bodies are cut, with a marker).</summary>
    public const int RequestLogBodyLimit = 8_192;

    private readonly Queue<SandboxRecordedRequest> _requests = new();

    internal SandboxAccount(string appId, SandboxOptions options)
    {
        AppId = appId;
        AccountId = SandboxChoices.AccountIdFor(appId);
        CreatedAt = options.TimeProvider.GetUtcNow();
        Store = new AccountStore(SchemaCatalog.CreateDefault(), options.Seed);
        DemoSeeder.Seed(Store, CreatedAt, options.Seed);
        RateLimiter = new RollingWindowRateLimiter(options.RateLimitPerMinute, TimeSpan.FromMinutes(1));
    }

    /// <summary>The app id that selects this account.</summary>
    public string AppId { get; }

    /// <summary>The <c>account_id</c> of every envelope: a pure function of the app id.</summary>
    public long AccountId { get; }

    /// <summary>The sandbox clock's time when the account was seeded; seed dates are relative to it.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The requests this account received, in order (the most recent <see cref="RequestLogCapacity"/>), including refused ones (400, 404, 429…).</summary>
    public IReadOnlyList<SandboxRecordedRequest> Requests
    {
        get
        {
            lock (Gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>The object type ids this account knows, ascending (custom objects from 10000).</summary>
    public IReadOnlyList<int> ObjectTypes
    {
        get
        {
            lock (Gate)
            {
                return Store.Catalog.Types.Select(t => t.Id).ToArray();
            }
        }
    }

    /// <summary>Serializes every request of this account; the store is only touched under it.</summary>
    internal Lock Gate { get; } = new();

    internal AccountStore Store { get; }

    internal RollingWindowRateLimiter RateLimiter { get; }

    /// <summary>A copy of one record (values as the API returns them), or null when it does not exist.</summary>
    public IReadOnlyDictionary<string, string?>? Find(int objectTypeId, long id)
    {
        lock (Gate)
        {
            return Store.Find(objectTypeId, id)?.ToDictionary();
        }
    }

    /// <summary>Copies of every record of a type, by ascending id (empty for an unknown type).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>> All(int objectTypeId)
    {
        lock (Gate)
        {
            return Store.Catalog.Find(objectTypeId) is { } type
                ? Store.Table(type).Rows.Select(r => (IReadOnlyDictionary<string, string?>)r.ToDictionary()).ToArray()
                : [];
        }
    }

    /// <summary>How many records of a type exist (0 for an unknown type).</summary>
    public int Count(int objectTypeId)
    {
        lock (Gate)
        {
            return Store.Catalog.Find(objectTypeId) is { } type ? Store.Table(type).Count : 0;
        }
    }

    /// <summary>Appends to the request log; called under <see cref="Gate"/>.</summary>
    internal void RecordRequest(SandboxRecordedRequest request)
    {
        if (request.BodyText.Length > RequestLogBodyLimit)
        {
            request = request with { BodyText = request.BodyText[..RequestLogBodyLimit] + "…[cut]" };
        }

        if (_requests.Count == RequestLogCapacity)
        {
            _requests.Dequeue();
        }

        _requests.Enqueue(request);
    }
}
