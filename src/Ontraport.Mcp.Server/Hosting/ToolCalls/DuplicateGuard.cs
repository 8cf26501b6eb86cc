using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Hosting.ToolCalls;

/// <summary>
/// Remembers money-moving calls that reached Ontraport, by account + tool + canonical arguments, for ten minutes, so an
/// agent that repeats itself (a retry after a timeout, a re-sent message) cannot charge a card twice. In-memory: with
/// several server instances, route an account's traffic to one instance or accept per-instance memory (README).
/// </summary>
public sealed class DuplicateGuard(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private static readonly HashSet<string> Ignored = ["allow_duplicate", "dry_run"];
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sent = new(StringComparer.Ordinal);

    public static string Key(string appId, string tool, JsonObject arguments)
    {
        var canonical = Canonical(arguments)!.ToJsonString();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{appId}\n{tool}\n{canonical}")));
    }

    /// <summary>When an identical call was sent within the window, its time.</summary>
    public DateTimeOffset? SentWithinWindow(string key)
    {
        var now = time.GetUtcNow();
        Sweep(now);
        return _sent.TryGetValue(key, out var at) && now - at < Window ? at : null;
    }

    public void RecordSent(string key) => _sent[key] = time.GetUtcNow();

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, at) in _sent)
        {
            if (now - at >= Window)
            {
                _sent.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, at));
            }
        }
    }

    /// <summary>Sorted keys at every level, control arguments dropped, so argument order never makes two calls differ.</summary>
    private static JsonNode? Canonical(JsonNode? node, bool top = true) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .Where(p => !top || !Ignored.Contains(p.Key))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value, top: false)))),
        JsonArray array => new JsonArray([.. array.Select(item => Canonical(item, top: false))]),
        _ => node?.DeepClone(),
    };
}
