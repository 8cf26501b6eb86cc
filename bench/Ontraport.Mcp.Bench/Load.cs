using System.Diagnostics;

namespace Ontraport.Mcp.Bench;

/// <summary>Latency samples in milliseconds, with percentiles.</summary>
public sealed class Samples(List<double> milliseconds)
{
    public int Count => milliseconds.Count;

    public double Percentile(double p)
    {
        if (milliseconds.Count == 0)
        {
            return double.NaN;
        }

        var sorted = milliseconds.Order().ToList();
        var index = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    public double P50 => Percentile(50);

    public double P99 => Percentile(99);
}

/// <summary>Runs an operation from N concurrent workers for a fixed time and counts what completed.</summary>
public static class Load
{
    public sealed record Result(int Workers, int Completed, int Failed, TimeSpan Duration, Samples Latency)
    {
        public double PerSecond => Completed / Duration.TotalSeconds;
    }

    public static async Task<Result> RunAsync(int workers, TimeSpan warmup, TimeSpan duration, Func<int, Task<Func<CancellationToken, Task>>> createWorker)
    {
        var operations = new List<Func<CancellationToken, Task>>();
        for (var i = 0; i < workers; i++)
        {
            operations.Add(await createWorker(i));
        }

        var completed = 0;
        var failed = 0;
        var latencies = new List<double>[workers];
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var tasks = operations.Select((operation, index) => Task.Run(async () =>
        {
            latencies[index] = [];
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await operation(stop.Token);
                    if (Volatile.Read(ref measuring))
                    {
                        Interlocked.Increment(ref completed);
                        latencies[index].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception) when (Volatile.Read(ref measuring))
                {
                    Interlocked.Increment(ref failed);
                }
                catch (Exception)
                {
                    // failures during warm-up are not counted
                }
            }
        })).ToList();

        await Task.Delay(warmup);
        var measuredFrom = clock.Elapsed;
        Volatile.Write(ref measuring, true);
        await Task.Delay(duration);
        Volatile.Write(ref measuring, false);
        var measured = clock.Elapsed - measuredFrom;
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        return new Result(workers, completed, failed, measured, new Samples([.. latencies.SelectMany(l => l)]));
    }

    public static HttpClient Http(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Math.Max(1, connections),
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        UseCookies = false,
    })
    { Timeout = TimeSpan.FromSeconds(60) };
}
