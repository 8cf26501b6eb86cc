using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Diagnostics.Tracing;
using System.Text;

/// <summary>
/// Loaded into a server under test by <c>DOTNET_STARTUP_HOOKS</c> (the runtime looks for this exact name, outside any
/// namespace): when <c>ONTRAPORT_BENCH_ALLOC_PORT</c> is set, a background thread answers each connection on that
/// loopback port with one line, "allocated-bytes gen0 gen1 gen2". Uses only the base library, so loading this assembly
/// into the server pulls in none of the bench's dependencies. Allocates nothing while it waits. When
/// <c>ONTRAPORT_BENCH_SQL_COUNTER_SOCKET</c> is set it also starts <see cref="Ontraport.Mcp.Bench.SqlCommandCounter"/> (the
/// oauth bench counts a baseline build's SQL commands that way); one hook type per assembly, so both live here.
/// </summary>
#pragma warning disable CA1050 // the runtime looks the hook up by this exact name, outside any namespace
internal static class StartupHook
#pragma warning restore CA1050
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(Ontraport.Mcp.Bench.SqlCommandCounter.SocketVariable) is { Length: > 0 })
        {
            Ontraport.Mcp.Bench.SqlCommandCounter.Serve();
        }

        if (!int.TryParse(Environment.GetEnvironmentVariable("ONTRAPORT_BENCH_ALLOC_PORT"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port))
        {
            return;
        }

        // ONTRAPORT_BENCH_ALLOC_TYPES=1: also sample which types are allocated (the runtime's AllocationTick, one event per
        // ~100 KB), listed after the counts; the listener allocates too, so the byte counts are not for comparing then.
        var types = Environment.GetEnvironmentVariable("ONTRAPORT_BENCH_ALLOC_TYPES") == "1" ? new AllocationTypes() : null;
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        new Thread(() =>
        {
            while (true)
            {
                using var socket = listener.AcceptSocket();
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{GC.GetTotalAllocatedBytes(precise: true)} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)}\n");
                socket.Send(Encoding.UTF8.GetBytes(line + (types?.TakeReport() ?? "")));
                socket.Shutdown(SocketShutdown.Both);
            }
        })
        { IsBackground = true, Name = "bench allocation probe" }.Start();
    }
}

/// <summary>Bytes sampled per allocated type since the last report (AllocationTick events of the runtime's GC keyword).</summary>
internal sealed class AllocationTypes : EventListener
{
    private readonly Dictionary<string, long> _bytes = new(StringComparer.Ordinal);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.Payload![eventData.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var at = eventData.PayloadNames.IndexOf("AllocationAmount64");
        var amount = at >= 0 ? Convert.ToInt64(eventData.Payload[at], CultureInfo.InvariantCulture) : 100_000;
        lock (_bytes)
        {
            _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
        }
    }

    public string TakeReport()
    {
        lock (_bytes)
        {
            var report = string.Join("", _bytes.OrderByDescending(p => p.Value).Take(40).Select(p => $"{p.Value} {p.Key}\n"));
            _bytes.Clear();
            return report;
        }
    }
}
