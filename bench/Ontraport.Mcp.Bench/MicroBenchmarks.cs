using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Ontraport.Client.Conditions;
using Ontraport.Client.Metadata;
using Ontraport.Mcp.Server.Hosting.ToolCalls;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Bench;

/// <summary>The hot path of a tool call, with allocations: criteria JSON, condition parsing, argument checks, result compaction.</summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private ObjectMetadata _contacts = null!;
    private List<JsonObject> _fiftyContacts = null!;
    private RecordShaper _shaper = null!;
    private Criteria _criteria = null!;
    private ConditionParser _parser = null!;
    private JsonElement _schema;
    private Dictionary<string, JsonElement> _arguments = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_contacts, _fiftyContacts) = SandboxContacts.Read(50);
        _shaper = new RecordShaper(0, _contacts);
        _criteria = Criteria.Where(Condition.Compare("spent", ConditionOperator.GreaterThan, ConditionLiteral.Of(1000m)))
            .And(Condition.Compare("state", ConditionOperator.Equal, ConditionLiteral.Of("CA")))
            .And(new Condition("id", ConditionOperator.In, [ConditionLiteral.Of(1), ConditionLiteral.Of(2), ConditionLiteral.Of(3)]));
        _parser = new ConditionParser(TimeProvider.System, TimeZoneInfo.Utc);
        _schema = JsonDocument.Parse("""
            {"type":"object","properties":{"object_type":{"type":"string"},"ids":{"type":["array","null"],"items":{"type":"integer"}},
             "condition":{},"fields":{"type":["array","null"],"items":{"type":"string"}},"limit":{"type":["integer","null"]}},"required":["object_type"]}
            """).RootElement.Clone();
        _arguments = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"object_type":"contacts","ids":[1,2,3],"condition":"spent > 1000","fields":["firstname","email"],"limit":20}""")!;
    }

    [Benchmark(Description = "criteria JSON (3 conditions)")]
    public string CriteriaJson() => _criteria.ToJsonString();

    [Benchmark(Description = "parse readable condition")]
    public ParsedCondition ParseCondition() =>
        _parser.Parse("Lifetime Value > $1,000 AND state = \"CA\" AND date within last 30 days", _contacts, "Contacts");

    [Benchmark(Description = "check tool arguments")]
    public int CheckArguments() => ToolArguments.Check(_schema, _arguments).Count;

    [Benchmark(Description = "compact 50 contacts")]
    public int ShapeFiftyContacts()
    {
        var total = 0;
        foreach (var record in _fiftyContacts)
        {
            total += _shaper.Shape(record).Count;
        }

        return total;
    }
}
