using System.Buffers;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Bench;

/// <summary>
/// The answer's redaction scan, the biggest cost of ours in the December 2026 profile (profile.md): every tool answer
/// goes through <see cref="Redaction.Scrub"/>, whose <c>MayNameSecret</c> pre-check calls
/// <c>string.Contains(stem, OrdinalIgnoreCase)</c> once per secret word's last part. "old" mirrors that loop as it was,
/// "new" is <see cref="Redaction.MayNameSecret"/> as shipped since: one <see cref="SearchValues{T}"/> pass over the exact
/// spellings of the secret words (a stem like "number" was in every contact page, so the old check said yes to it). The text
/// is 20 compacted sandbox contacts as JSON, like a <c>get_objects</c> page (no secret word in it, the common case:
/// the pre-check scans the whole text and says no).
/// </summary>
[MemoryDiagnoser]
public class RedactionBenchmarks
{
    // The same stems as Redaction.Stems: the last part of each secret word ("api_key" -> "key"). For a tool answer
    // (forResult) the whole-name check ("code") is skipped, so the stems are the whole pre-check.
    private static readonly string[] Stems = [.. Redaction.SecretWords.Select(word => word.Split('_')[^1]).Distinct()];

    private string _page = null!;

    /// <summary>"as is": the page as the sandbox fills it; "no secret word": every stem masked out, so both pre-checks scan the whole text and say no.</summary>
    [Params("as is", "no secret word")]
    public string Page { get; set; } = "as is";
    private SecretRegistry _secrets = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (contacts, page) = SandboxContacts.Read(20);
        var shaper = new RecordShaper(0, contacts);
        _page = new JsonObject { ["items"] = new JsonArray([.. page.Select(record => (JsonNode)shaper.Shape(record))]) }.ToJsonString();
        if (Page == "no secret word")
        {
            _page = System.Text.RegularExpressions.Regex.Replace(_page, string.Join('|', Stems), "x", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        }

        var hit = Stems.FirstOrDefault(stem => _page.Contains(stem, StringComparison.OrdinalIgnoreCase));
        Console.WriteLine($"// page: {_page.Length:N0} chars, first stem found: {hit ?? "none"} at {(hit is null ? -1 : _page.IndexOf(hit, StringComparison.OrdinalIgnoreCase))}");
        _secrets = SecretRegistry.From(new Ontraport.Mcp.Server.Hosting.ServerSettings());
        // With no stem in the text both must say no; on the page as filled the old check says yes to "number" (sms_number).
        if (Page == "no secret word" && (MayNameSecretOld() || MayNameSecretNew()))
        {
            throw new InvalidOperationException("a pre-check found a secret word in a page that has none");
        }
    }

    [Benchmark(Baseline = true, Description = "secret-word pre-check, old (Contains per stem)")]
    public bool MayNameSecretOld()
    {
        foreach (var stem in Stems)
        {
            if (_page.Contains(stem, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    [Benchmark(Description = "secret-word pre-check, new (exact spellings, one SearchValues pass)")]
    public bool MayNameSecretNew() => Redaction.MayNameSecret(_page, wholeNames: false);

    [Benchmark(Description = "Redaction.Scrub of the page (forResult, as shipped)")]
    public int Scrub() => Redaction.Scrub(_page, _secrets, "micro-request-key", forResult: true).Length;
}
