using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Parameters;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class CountObjectsTool(ToolSession session)
{
    /// <summary>When Ontraport computes no sum for a field, at most this many records are read to compute it.</summary>
    public const int ComputeLimit = 500;

    [McpServerTool(Name = "count_objects", Title = "Count records", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Count records, with sums or averages of number fields.")]
    public async Task<CallToolResult> CountObjects(
        string object_type,
        [JsonTypes("string", "array")] JsonElement? condition = null,
        string? search = null,
        long? group_id = null,
        [Description("Fields to total.")] string[]? sum = null,
        [Description("Fields to average.")] string[]? average = null,
        CancellationToken cancellationToken = default)
    {
        var type = await session.ObjectTypeAsync(object_type, cancellationToken);
        ToolSession.EnsureGenericWrite(type, GenericAccess.Get, "read");
        var metadata = await session.MetadataAsync(type, cancellationToken);
        var sumFields = NumericFields(sum, "sum", metadata, type);
        var averageFields = NumericFields(average, "average", metadata, type);
        var parsed = await session.ReadConditionAsync(condition, type, metadata, cancellationToken);
        var query = RecordQuery.Of(type.Id).Where(parsed?.Criteria).Searching(search?.Trim()).InGroup(group_id);

        var info = await query.InfoAsync(session.Client, cancellationToken);
        var answer = new CountAnswer { ObjectType = type.Name, Count = info.Count, Condition = parsed?.Echo, Search = query.Search, GroupId = group_id };
        var wanted = sumFields.Concat(averageFields).DistinctBy(f => f.Name).ToList();
        if (wanted.Count == 0)
        {
            return ToolOutput.Json(answer);
        }

        var totals = new Dictionary<string, (decimal Total, long Over)>(StringComparer.Ordinal);
        foreach (var field in wanted.Where(f => info.Sums.ContainsKey(f.Name)))
        {
            totals[field.Name] = (info.Sums[field.Name], info.Count);
        }

        var missing = wanted.Where(f => !totals.ContainsKey(f.Name)).ToList();
        var notes = new List<string>();
        if (missing.Count > 0)
        {
            var (records, _) = info.Count == 0
                ? ([], false)
                : await session.Client.Objects.ListAllAsync(type.Id, query.Selection, ComputeLimit, [.. missing.Select(f => f.Name)], cancellationToken);
            foreach (var field in missing)
            {
                totals[field.Name] = (records.Sum(r => r.GetDecimal(field.Name) ?? 0m), records.Count);
            }

            var names = string.Join(", ", missing.Select(f => f.Name));
            if (records.Count < info.Count)
            {
                answer = answer with { Partial = true };
                notes.Add($"Ontraport gives no sum for {names}; computed from the first {records.Count} of {info.Count} records only. Narrow the condition for an exact figure.");
            }
            else if (records.Count > 0)
            {
                notes.Add($"Ontraport gives no sum for {names}; computed from all {records.Count} matching records.");
            }
        }

        return ToolOutput.Json(answer with
        {
            Sums = sumFields.Count > 0 ? Figures(sumFields, f => totals[f.Name].Total) : null,
            Averages = averageFields.Count > 0 ? Figures(averageFields, f => totals[f.Name].Over == 0 ? null : totals[f.Name].Total / totals[f.Name].Over) : null,
            Notes = notes.Count > 0 ? notes : null,
        });
    }

    private static List<FieldMetadata> NumericFields(string[]? names, string argument, ObjectMetadata metadata, ObjectType type)
    {
        var fields = new List<FieldMetadata>();
        foreach (var name in names ?? [])
        {
            var field = metadata.FindField(name) ?? throw new ToolInputException($"{argument}: {metadata.UnknownFieldMessage(name, type.Name)}");
            if (field.Kind is not (FieldKind.Number or FieldKind.Money) || field.Name == "id")
            {
                throw new ToolInputException($"{argument}: {ObjectMetadata.Describe(field)} is a {field.Type} field; only numeric and money fields can be totalled or averaged.");
            }

            fields.Add(field);
        }

        return fields;
    }

    /// <summary>A figure per field, keyed "name (label)" (null when there is nothing to average).</summary>
    private static Dictionary<string, decimal?> Figures(List<FieldMetadata> fields, Func<FieldMetadata, decimal?> value)
    {
        var figures = new Dictionary<string, decimal?>();
        foreach (var field in fields)
        {
            var key = string.Equals(field.Alias, field.Name, StringComparison.OrdinalIgnoreCase) ? field.Name : $"{field.Name} ({field.Alias})";
            figures[key] = value(field) is { } number ? decimal.Round(number, 2) : null;
        }

        return figures;
    }
}

/// <summary>The answer of <c>count_objects</c>, serialized by <see cref="ToolOutput.Json{T}"/>.</summary>
public sealed record CountAnswer
{
    public required string ObjectType { get; init; }

    public required long Count { get; init; }

    public string? Condition { get; init; }

    public string? Search { get; init; }

    public long? GroupId { get; init; }

    /// <summary>True when a figure was computed from only the first records.</summary>
    public bool? Partial { get; init; }

    public IReadOnlyDictionary<string, decimal?>? Sums { get; init; }

    public IReadOnlyDictionary<string, decimal?>? Averages { get; init; }

    public IReadOnlyList<string>? Notes { get; init; }
}
