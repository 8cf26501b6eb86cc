using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Conditions;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class BuildApiConditionTool(ToolSession session)
{
    [McpServerTool(Name = "build_api_condition", Title = "Build condition", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
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

        var zone = parsed.UsesDates ? await session.TimeZoneAsync(cancellationToken) : null;
        return ToolOutput.Json(new ConditionAnswer(
            type.Name,
            parsed.Echo,
            parsed.Criteria.ToJson(),
            parsed.Criteria.ToJsonString(),
            zone is null ? null : $"{zone.Id}: calendar dates and phrases were read in the account's time zone and sent as Unix seconds.",
            parsed.Criteria.ContainsOr ? "Ontraport reads the list left to right with AND binding tighter than OR, as shown in understood." : null,
            ObjectRequests.List(type.Id, new ListOptions
            {
                Selection = new RecordSelection { Condition = parsed.Criteria },
                Range = ListOptions.MaxRange,
            }).Describe()));
    }
}
