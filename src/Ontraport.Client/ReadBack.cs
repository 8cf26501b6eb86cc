namespace Ontraport.Client;

/// <summary>
/// The result of a read that follows a write Ontraport accepted (the invoice after a charge, the record after a create):
/// the value, or why it could not be read. Once the write is done its answer must not turn into a failure because of
/// the read (DESIGN §3.2: never report as failed what Ontraport accepted), so such reads go through
/// <see cref="ReadBack.AfterWriteAsync{T}"/> instead of throwing.
/// </summary>
public sealed record ReadBack<T>(T? Value, OntraportException? Error)
    where T : class
{
    public bool Succeeded => Value is not null;
}

public static class ReadBack
{
    /// <summary>
    /// Runs <paramref name="read"/>; a 404 (null), 5xx, timeout, rate limit or unreadable answer becomes a failed
    /// <see cref="ReadBack{T}"/> rather than an exception. Cancellation by the caller still cancels.
    /// </summary>
    public static async Task<ReadBack<T>> AfterWriteAsync<T>(Func<CancellationToken, Task<T?>> read, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return new ReadBack<T>(await read(cancellationToken), null);
        }
        catch (OntraportException ex)
        {
            return new ReadBack<T>(null, ex);
        }
    }
}
