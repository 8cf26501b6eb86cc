using System.Globalization;

namespace Ontraport.Sandbox;

/// <summary>What a fault does to one request.</summary>
public enum SandboxFaultKind
{
    /// <summary>429 with <c>X-Rate-Limit-Reset</c>; the request is not processed.</summary>
    Throttle,

    /// <summary>500 before processing: nothing happened.</summary>
    ServerError,

    /// <summary>The request is processed (a charge is booked), then 500: the caller cannot know it happened.</summary>
    ServerErrorAfter,

    /// <summary>The request is processed, then the connection drops before any answer.</summary>
    ConnectionReset,

    /// <summary>The request is processed, then the answer is 200 with JSON cut short.</summary>
    MalformedJson,

    /// <summary>400 with a plain-text body the client has never seen; the request is not processed.</summary>
    PlainTextError,

    /// <summary>The request is processed and its answer held back for <see cref="SandboxFaultRule.Delay"/> (sandbox clock).</summary>
    Latency,
}

/// <summary>
/// One fault: what, how often, its parameters, optionally the one API path it strikes (case-insensitive), and optionally
/// the path whose first request arms it (<paramref name="After"/>: e.g. only the reads that follow a charge).
/// </summary>
public sealed record SandboxFaultRule(SandboxFaultKind Kind, double Probability, TimeSpan Delay = default, int ResetSeconds = 1, string? Path = null, string? After = null);

/// <summary>
/// Fault injection for robustness tests and demos, switched by configuration (<c>ONTRAPORT_SANDBOX_FAULTS</c>):
/// each request draws from a seeded random source and the first rule that fires applies. Thread-safe; can be switched
/// off at run time. Spec: comma-separated <c>kind:probability[:ms=N][:reset=N][:path=P][:after=P]</c>, plus <c>seed=N</c>, e.g.
/// <c>throttle:0.1:reset=2,server_error:0.05,server_error_after:0.05,reset:0.05,malformed:0.05,plain_text:0.05,latency:0.2:ms=300</c>.
/// </summary>
public sealed class SandboxFaults
{
    private readonly object _gate = new();
    private readonly Random _random;

    public SandboxFaults(IReadOnlyList<SandboxFaultRule> rules, int seed = 20261122)
    {
        Rules = rules;
        _random = new Random(seed);
        Enabled = rules.Count > 0;
    }

    public IReadOnlyList<SandboxFaultRule> Rules { get; }

    /// <summary>Turns injection off (or back on) while the sandbox runs.</summary>
    public bool Enabled { get; set; }

    /// <summary>How many requests each kind of fault hit.</summary>
    public IReadOnlyDictionary<SandboxFaultKind, int> Injected
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<SandboxFaultKind, int>(_injected);
            }
        }
    }

    private readonly Dictionary<SandboxFaultKind, int> _injected = [];
    private readonly HashSet<string> _seenPaths = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The fault for the next request to <paramref name="path"/>, if any.</summary>
    internal SandboxFaultRule? Draw(string path)
    {
        if (!Enabled)
        {
            return null;
        }

        lock (_gate)
        {
            try
            {
                foreach (var rule in Rules)
                {
                    if (rule.Path is not null && !string.Equals(rule.Path.Trim('/'), path.Trim('/'), StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    if (rule.After is not null && !_seenPaths.Contains(rule.After.Trim('/')))
                    {
                        continue; // not armed yet: the request that arms it has not come
                    }

                    if (_random.NextDouble() < rule.Probability)
                    {
                        _injected[rule.Kind] = _injected.GetValueOrDefault(rule.Kind) + 1;
                        return rule;
                    }
                }
            }
            finally
            {
                _seenPaths.Add(path.Trim('/'));
            }
        }

        return null;
    }

    public static SandboxFaults Parse(string spec)
    {
        var rules = new List<SandboxFaultRule>();
        var seed = 20261122;
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("seed=", StringComparison.OrdinalIgnoreCase))
            {
                seed = int.Parse(part[5..], CultureInfo.InvariantCulture);
                continue;
            }

            var pieces = part.Split(':', StringSplitOptions.TrimEntries);
            var kind = pieces[0].ToLowerInvariant() switch
            {
                "throttle" or "429" => SandboxFaultKind.Throttle,
                "server_error" or "5xx" => SandboxFaultKind.ServerError,
                "server_error_after" or "5xx_after" => SandboxFaultKind.ServerErrorAfter,
                "reset" or "connection_reset" => SandboxFaultKind.ConnectionReset,
                "malformed" or "malformed_json" => SandboxFaultKind.MalformedJson,
                "plain_text" => SandboxFaultKind.PlainTextError,
                "latency" => SandboxFaultKind.Latency,
                _ => throw new FormatException($"Unknown fault '{pieces[0]}': use throttle, server_error, server_error_after, reset, malformed, plain_text or latency."),
            };
            if (pieces.Length < 2 || !double.TryParse(pieces[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var probability) || probability is < 0 or > 1)
            {
                throw new FormatException($"Fault '{part}' needs a probability from 0 to 1, e.g. {pieces[0]}:0.1.");
            }

            var delay = TimeSpan.Zero;
            var reset = 1;
            string? path = null;
            string? after = null;
            foreach (var option in pieces.Skip(2))
            {
                if (option.StartsWith("ms=", StringComparison.OrdinalIgnoreCase))
                {
                    delay = TimeSpan.FromMilliseconds(int.Parse(option[3..], CultureInfo.InvariantCulture));
                }
                else if (option.StartsWith("reset=", StringComparison.OrdinalIgnoreCase))
                {
                    reset = int.Parse(option[6..], CultureInfo.InvariantCulture);
                }
                else if (option.StartsWith("path=", StringComparison.OrdinalIgnoreCase))
                {
                    path = option[5..];
                }
                else if (option.StartsWith("after=", StringComparison.OrdinalIgnoreCase))
                {
                    after = option[6..].Trim('/');
                }
                else
                {
                    throw new FormatException($"Fault option '{option}' is not ms=N, reset=N, path=P or after=P.");
                }
            }

            rules.Add(new SandboxFaultRule(kind, probability, delay, reset, path, after));
        }

        return new SandboxFaults(rules, seed);
    }
}
