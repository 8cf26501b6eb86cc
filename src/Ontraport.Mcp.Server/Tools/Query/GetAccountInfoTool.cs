using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client;
using Ontraport.Client.Engagement;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Query;

[McpServerToolType, Toolset(Toolsets.Query)]
public sealed class GetAccountInfoTool(ToolSession session, AccountTimeZones zones, ToolOptions options)
{
    private static readonly string[] UserFields = [EngagementFields.Users.FirstName, EngagementFields.Users.LastName, EngagementFields.Users.Email,
        EngagementFields.Users.Role, EngagementFields.Users.Title, EngagementFields.Users.TimeZone];

    private static readonly string[] GatewayFields = [EngagementFields.Gateways.Name, EngagementFields.Gateways.Type, EngagementFields.Gateways.Status,
        EngagementFields.Gateways.Test, EngagementFields.Gateways.Currency];

    [McpServerTool(Name = "get_account_info", Title = "Account details", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Account id, time zone, users and roles, payment gateways.")]
    public async Task<CallToolResult> GetAccountInfo(CancellationToken cancellationToken = default)
    {
        var usersTask = session.Client.SendAsync(ObjectRequests.List(ObjectTypeIds.User, new ListOptions { Range = ListOptions.MaxRange, Fields = UserFields }), cancellationToken);
        var gatewaysTask = session.Client.Objects.ListAsync(ObjectTypeIds.Gateway, new ListOptions { Range = ListOptions.MaxRange, Fields = GatewayFields }, cancellationToken);
        var zoneTask = zones.ForAsync(session.Client, cancellationToken);
        await Task.WhenAll(usersTask, gatewaysTask, zoneTask);

        var (zone, source) = zoneTask.Result;
        var now = session.Time.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var metadata = await session.Client.GetMetadataAsync(cancellationToken);
        var usersShaper = new RecordShaper(ObjectTypeIds.User, metadata.Find(ObjectTypeIds.User));
        var gatewaysShaper = new RecordShaper(ObjectTypeIds.Gateway, metadata.Find(ObjectTypeIds.Gateway));

        var answer = new JsonObject();
        if (usersTask.Result.AccountId is { } accountId)
        {
            answer["account_id"] = accountId;
        }

        if (options.Sandbox)
        {
            answer["mode"] = "sandbox: the built-in demo account, not a live Ontraport account";
        }

        answer["time_zone"] = new JsonObject
        {
            ["id"] = zone.Id,
            ["utc_offset"] = local.ToString("zzz", CultureInfo.InvariantCulture),
            ["local_time"] = local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["source"] = source,
        };

        var users = OntraportRecordList(usersTask.Result.Data);
        answer["users"] = new JsonArray([.. users.Select(u =>
        {
            var shaped = usersShaper.Shape(u.Fields, UserFields);
            var item = new JsonObject { ["id"] = u.Id, ["name"] = RecordFields.PersonName(u) };
            foreach (var key in new[] { EngagementFields.Users.Email, EngagementFields.Users.Role, EngagementFields.Users.Title, EngagementFields.Users.TimeZone })
            {
                if (shaped[key] is { } value)
                {
                    item[key] = value.DeepClone();
                }
            }

            return (JsonNode)item;
        })]);
        answer["gateways"] = new JsonArray([.. gatewaysTask.Result.Select(g =>
        {
            var item = gatewaysShaper.Shape(g.Fields, GatewayFields);
            item[EngagementFields.Gateways.Test] = JsonText.AsFlag(g.Fields[EngagementFields.Gateways.Test]);
            return (JsonNode)item;
        })]);
        return ToolOutput.Json(answer);
    }

    private static IReadOnlyList<OntraportRecord> OntraportRecordList(JsonNode? data) => data switch
    {
        JsonArray array => [.. array.OfType<JsonObject>().Select(o => new OntraportRecord(o))],
        JsonObject map => [.. map.Select(p => p.Value).OfType<JsonObject>().Select(o => new OntraportRecord(o))],
        _ => [],
    };
}
