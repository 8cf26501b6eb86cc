using Ontraport.Client;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// What an answer says when the read after an accepted write failed: the write stands, only the follow-up read is
/// missing (see <see cref="ReadBack{T}"/>). The note goes under <see cref="Key"/>.
/// </summary>
public static class AfterWrite
{
    public const string Key = "read_back";

    /// <summary>"The invoice 1234 could not be read back (Ontraport failed …); check it with get_invoices (invoice_id: 1234)."</summary>
    public static string Note<T>(ReadBack<T> readBack, string what, string howToCheck)
        where T : class =>
        $"Done, but {what} could not be read back ({Reason(readBack.Error)}); {howToCheck}. Do not repeat the call.";

    private static string Reason(OntraportException? error) => error switch
    {
        null => "Ontraport answered that it was not found",
        { Kind: OntraportErrorKind.RateLimited } => "the account's rate limit was reached",
        { Kind: OntraportErrorKind.Unavailable } => "Ontraport did not answer the read",
        _ => error.Message.TrimEnd('.'),
    };
}
