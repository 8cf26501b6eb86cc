namespace Ontraport.Client.Http;

/// <summary>
/// What a call is doing while it takes time, reported to the <see cref="IProgress{T}"/> its client was created with (one
/// per call; see <see cref="OntraportClientFactory.Create"/>). Facts only: whoever shows them to a person words them.
/// Reported when a state begins; a wait is over once <see cref="WaitingForRateLimit.Until"/> has passed.
/// </summary>
public abstract record CallProgress;

/// <summary>The next request waits for its slot of the account's rate limit, which comes at <paramref name="Until"/>.</summary>
public sealed record WaitingForRateLimit(DateTimeOffset Until) : CallProgress;

/// <summary>
/// Reading page <paramref name="Page"/> (from 1) of a read that takes several: of <paramref name="Pages"/> when known, or of
/// at most that many when <paramref name="PagesIsUpperBound"/> (a read that stops at the first short page).
/// </summary>
public sealed record ReadingPage(int Page, int? Pages, bool PagesIsUpperBound = false) : CallProgress;
