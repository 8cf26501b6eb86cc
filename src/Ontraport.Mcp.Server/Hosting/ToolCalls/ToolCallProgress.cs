using System.Globalization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Http;

namespace Ontraport.Mcp.Server.Hosting.ToolCalls;

/// <summary>
/// A call's progress notifications (issue 23): when the request's <c>_meta</c> carries a <c>progressToken</c>, a person
/// watching the client sees what a long call waits for. The client reports facts (<see cref="CallProgress"/>); this sink
/// keeps the latest and, on the clock, first <see cref="FirstAfter"/> into the call and then every <see cref="Every"/>,
/// sends one <c>notifications/progress</c> with a readable message ("waiting for Ontraport's rate limit: 14 s left",
/// "page 3 of 5"). A call that answers within <see cref="FirstAfter"/> sends none. Sent through the request's own server
/// (<c>McpSession.NotifyProgressAsync</c>), so in the stateless endpoint they travel on the POST's SSE stream, in both
/// protocol eras. <c>progress</c> is the seconds the call has run, rounded (it only grows); no <c>total</c>, which nobody knows.
/// </summary>
public sealed class ToolCallProgress : IProgress<CallProgress>, IAsyncDisposable
{
    /// <summary>A call that answers sooner says nothing.</summary>
    public static readonly TimeSpan FirstAfter = TimeSpan.FromSeconds(2);

    /// <summary>How often a long call says how it is doing.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(3);

    private readonly McpServer _server;
    private readonly ProgressToken _token;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DateTimeOffset _started;
    private readonly ITimer _timer;
    private readonly object _gate = new();
    private WaitingForRateLimit? _waiting;
    private ReadingPage? _page;
    private Task _sending = Task.CompletedTask;
    private bool _done;

    public ToolCallProgress(McpServer server, ProgressToken token, TimeProvider time, ILogger logger)
    {
        _server = server;
        _token = token;
        _time = time;
        _logger = logger;
        _started = time.GetUtcNow();
        _timer = time.CreateTimer(static state => ((ToolCallProgress)state!).Tick(), this, FirstAfter, Every);
    }

    public void Report(CallProgress value)
    {
        lock (_gate)
        {
            switch (value)
            {
                case WaitingForRateLimit waiting:
                    _waiting = waiting;
                    break;
                case ReadingPage page:
                    _page = page;
                    break;
            }
        }
    }

    /// <summary>What a person reads now.</summary>
    public string Message(DateTimeOffset now)
    {
        lock (_gate)
        {
            var page = _page is { } p ? Page(p) : null;
            if (_waiting is { } waiting && waiting.Until > now)
            {
                var left = (int)Math.Ceiling((waiting.Until - now).TotalSeconds);
                return $"waiting for Ontraport's rate limit: {left.ToString(CultureInfo.InvariantCulture)} s left" + (page is null ? "" : $" ({page})");
            }

            return page ?? "waiting for Ontraport to answer";
        }
    }

    private static string Page(ReadingPage page) => page.Pages switch
    {
        null => $"page {page.Page}",
        { } pages when page.PagesIsUpperBound => $"page {page.Page} of at most {pages}",
        { } pages => $"page {page.Page} of {pages}",
    };

    private void Tick()
    {
        var now = _time.GetUtcNow();
        var value = new ProgressNotificationValue
        {
            Progress = (float)Math.Round((now - _started).TotalSeconds, MidpointRounding.AwayFromZero), // a timer may fire a little early
            Message = Message(now),
        };
        lock (_gate)
        {
            if (_done)
            {
                return;
            }

            // One at a time and in order: each waits for the one before it.
            var previous = _sending;
            _sending = SendAfterAsync(previous, value);
        }
    }

    private async Task SendAfterAsync(Task previous, ProgressNotificationValue value)
    {
        await previous;
        try
        {
            await _server.NotifyProgressAsync(_token, value, cancellationToken: CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The caller may have left; its call ends on its own cancellation, and a lost notification harms nobody.
            _logger.LogDebug("A progress notification was not delivered ({Failure})", ex.GetType().Name);
        }
    }

    /// <summary>Stops the clock and waits for a notification on its way, so none follows the call's answer.</summary>
    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        Task sending;
        lock (_gate)
        {
            _done = true;
            sending = _sending;
        }

        await sending;
    }
}
