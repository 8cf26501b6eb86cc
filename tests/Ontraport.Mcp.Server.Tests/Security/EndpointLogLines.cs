using Serilog.Core;
using Serilog.Events;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// A log sink a test can wait on: the request's own log line is written after its response is sent, so a test that
/// counts the lines a request caused waits for that line first (no sleeping).
/// </summary>
internal sealed class EndpointLogLines : ILogEventSink
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public void Emit(LogEvent logEvent)
    {
        var line = logEvent.RenderMessage() + (logEvent.Exception is null ? "" : Environment.NewLine + logEvent.Exception);
        lock (_gate)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(line);
            }
        }
    }

    /// <summary>The first line (already written or still to come) that matches.</summary>
    public Task<string> WaitForAsync(Func<string, bool> match)
    {
        lock (_gate)
        {
            if (_lines.FirstOrDefault(match) is { } seen)
            {
                return Task.FromResult(seen);
            }

            var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, waiter));
            return waiter.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }
}
