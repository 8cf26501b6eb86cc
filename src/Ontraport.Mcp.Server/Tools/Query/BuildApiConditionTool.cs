using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Conditions;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class BuildApiConditionTool(ToolSession session)
{
    [McpServerTool(Name = "build_api_condition", Title = "Build a condition", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Readable condition (" + ConditionParser.SupportedOperators + "; 180 days ago) to criteria JSON for the API or workflows. Sends nothing.")]
    public async Task<CallToolResult> BuildApiCondition(
        string condition,
        string? object_type = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            throw new ToolInputException("condition is empty: write it like spent > 1000 AND state = \"CA\".");
        }

        var type = await session.ObjectTypeAsync(string.IsNullOrWhiteSpace(object_type) ? "contacts" : object_type, cancellationToken);
        var metadata = await session.MetadataAsync(type, cancellationToken);
        var parsed = (await session.ReadConditionAsync(JsonSerializer.SerializeToElement(condition), type, metadata, cancellationToken))!;

        var answer = new JsonObject
        {
            ["object_type"] = type.Name,
            ["understood"] = parsed.Echo,
            ["criteria"] = parsed.Criteria.ToJson(),
            ["condition_parameter"] = parsed.Criteria.ToJsonString(),
        };
        if (parsed.UsesDates)
        {
            var zone = await session.TimeZoneAsync(cancellationToken);
            answer["time_zone"] = $"{zone.Id}: calendar dates and phrases were read in the account's time zone and sent as Unix seconds.";
        }

        if (parsed.Criteria.ContainsOr)
        {
            answer["note"] = "Ontraport reads the list left to right with AND binding tighter than OR, as shown in understood.";
        }

        answer["example_request"] = ObjectRequests.List(type.Id, new ListOptions
        {
            Selection = new RecordSelection { Condition = parsed.Criteria },
            Range = ListOptions.MaxRange,
        }).Describe();
        return ToolOutput.Json(answer);
    }
}
