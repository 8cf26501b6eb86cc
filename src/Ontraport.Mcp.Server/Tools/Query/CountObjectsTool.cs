using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    [Description("How many records match a condition, search or group, with optional sums and averages of numeric or money fields. " +
        "Counts cover every match; a sum Ontraport does not give is computed from at most 500 records and marked partial beyond.")]
    public async Task<CallToolResult> CountObjects(
        [Description(ToolParameters.ObjectType)] string object_type,
        [Description(ToolParameters.Condition)] JsonElement? condition = null,
        [Description(ToolParameters.Search)] string? search = null,
        [Description(ToolParameters.GroupFilter)] long? group_id = null,
        [Description("Numeric or money fields to total (names or labels).")] string[]? sum = null,
        [Description("Numeric or money fields to average.")] string[]? average = null,
        CancellationToken cancellationToken = default)
    {
        var type = await session.ObjectTypeAsync(object_type, cancellationToken);
        ToolSession.EnsureGenericWrite(type, GenericAccess.Get, "read");
        var metadata = await session.MetadataAsync(type, cancellationToken);
        var sumFields = NumericFields(sum, "sum", metadata, type);
        var averageFields = NumericFields(average, "average", metadata, type);
        var parsed = await session.ReadConditionAsync(condition, type, metadata, cancellationToken);
        var selection = new RecordSelection { Condition = parsed?.Criteria, Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim(), GroupId = group_id };

        var info = await session.Client.Objects.GetInfoAsync(type.Id, selection, cancellationToken);
        var answer = new JsonObject { ["object_type"] = type.Name, ["count"] = info.Count };
        if (parsed is not null)
        {
            answer["condition"] = parsed.Echo;
        }

        if (selection.Search is not null)
        {
            answer["search"] = selection.Search;
        }

        if (group_id is not null)
        {
            answer["group_id"] = group_id;
        }

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
        var notes = new JsonArray();
        if (missing.Count > 0)
        {
            var (records, _) = info.Count == 0
                ? ([], false)
                : await session.Client.Objects.ListAllAsync(type.Id, selection, ComputeLimit, [.. missing.Select(f => f.Name)], cancellationToken);
            foreach (var field in missing)
            {
                totals[field.Name] = (records.Sum(r => r.GetDecimal(field.Name) ?? 0m), records.Count);
            }

            var names = string.Join(", ", missing.Select(f => f.Name));
            if (records.Count < info.Count)
            {
                answer["partial"] = true;
                notes.Add($"Ontraport gives no sum for {names}; computed from the first {records.Count} of {info.Count} records only. Narrow the condition for an exact figure.");
            }
            else if (records.Count > 0)
            {
                notes.Add($"Ontraport gives no sum for {names}; computed from all {records.Count} matching records.");
            }
        }

        if (sumFields.Count > 0)
        {
            answer["sums"] = Figures(sumFields, f => totals[f.Name].Total);
        }

        if (averageFields.Count > 0)
        {
            answer["averages"] = Figures(averageFields, f => totals[f.Name].Over == 0 ? null : totals[f.Name].Total / totals[f.Name].Over);
        }

        if (notes.Count > 0)
        {
            answer["notes"] = notes;
        }

        return ToolOutput.Json(answer);
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

    private static JsonObject Figures(List<FieldMetadata> fields, Func<FieldMetadata, decimal?> value)
    {
        var figures = new JsonObject();
        foreach (var field in fields)
        {
            var key = string.Equals(field.Alias, field.Name, StringComparison.OrdinalIgnoreCase) ? field.Name : $"{field.Name} ({field.Alias})";
            figures[key] = value(field) is { } number ? JsonValue.Create(decimal.Round(number, 2)) : null;
        }

        return figures;
    }
}
