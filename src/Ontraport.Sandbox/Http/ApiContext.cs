using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Http;

/// <summary>What an endpoint handler gets: the account, the merged parameters, the clock reading and the options.</summary>
internal sealed class ApiContext
{
    public ApiContext(SandboxAccount account, ApiParameters parameters, int? impliedObjectType, DateTimeOffset now, SandboxOptions options)
    {
        Account = account;
        Parameters = parameters;
        ImpliedObjectType = impliedObjectType;
        Now = now;
        Options = options;
        UnixNow = RecordDefaults.Unix(now);
    }

    public SandboxAccount Account { get; }

    public AccountStore Store => Account.Store;

    public ApiParameters Parameters { get; }

    /// <summary>The object type a named path implies (<c>/Contacts</c> → 0), which wins over <c>objectID</c>.</summary>
    public int? ImpliedObjectType { get; }

    public DateTimeOffset Now { get; }

    /// <summary>Now in unix seconds, as the API writes dates.</summary>
    public string UnixNow { get; }

    public SandboxOptions Options { get; }

    /// <summary>How long the answer is held back after the handler ran (zero: answered at once).</summary>
    public TimeSpan AnswerHold { get; private set; }

    /// <summary>
    /// Holds this request's answer back for <paramref name="hold"/> on the sandbox clock, outside the account's lock,
    /// whatever the handler answers (a result or an <see cref="ApiError"/>). The effects stay; only the answer waits.
    /// Used for the test gateway's timeouts, and the hook for fault injection.
    /// </summary>
    public void HoldAnswer(TimeSpan hold) => AnswerHold = hold > AnswerHold ? hold : AnswerHold;

    /// <summary>The object type of the request; 400 when <c>objectID</c> is missing or unknown.</summary>
    public ObjectTypeSchema ObjectType()
    {
        if (ImpliedObjectType is { } implied)
        {
            return Store.Catalog.Get(implied);
        }

        var id = Parameters.Long("objectID") ?? throw ApiError.BadRequest(SandboxChoices.MissingObjectIdText);
        return OptionalObjectType(id);
    }

    /// <summary>The object type of the request, or null when the request names none.</summary>
    public ObjectTypeSchema? OptionalObjectType()
    {
        if (ImpliedObjectType is { } implied)
        {
            return Store.Catalog.Get(implied);
        }

        return Parameters.Long("objectID") is { } id ? OptionalObjectType(id) : null;
    }

    /// <summary>The object type, refusing the request when the generic endpoints may not do <paramref name="access"/> on it.</summary>
    public ObjectTypeSchema ObjectType(ObjectAccess access)
    {
        var type = ObjectType();
        return type.Can(access) ? type : throw ApiError.BadRequest(SandboxChoices.AccessDeniedText(type, access));
    }

    /// <summary>The record with the <c>id</c> parameter; 400 when missing, 404 when it does not exist.</summary>
    public Record RequiredRecord(ObjectTypeSchema type)
    {
        var id = Parameters.Long("id") ?? throw ApiError.BadRequest(SandboxChoices.MissingIdText);
        return Store.Table(type).Find(id) ?? throw ApiError.NotFound(SandboxChoices.RecordNotFoundText(type, id));
    }

    private ObjectTypeSchema OptionalObjectType(long id) =>
        id is >= int.MinValue and <= int.MaxValue && Store.Catalog.Find((int)id) is { } type
            ? type
            : throw ApiError.BadRequest(SandboxChoices.UnknownObjectTypeText(id));
}
