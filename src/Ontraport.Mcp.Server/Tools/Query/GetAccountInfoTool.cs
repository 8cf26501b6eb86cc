using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.Engagement;
using Ontraport.Client.Inferred;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Client;
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

        var users = OntraportRecordList(usersTask.Result.Data).Select(u =>
        {
            var shaped = usersShaper.Shape(u.Fields, UserFields);
            return new AccountUser(
                u.Id,
                RecordFields.PersonName(u),
                shaped[EngagementFields.Users.Email]?.DeepClone(),
                shaped[EngagementFields.Users.Role]?.DeepClone(),
                shaped[EngagementFields.Users.Title]?.DeepClone(),
                shaped[EngagementFields.Users.TimeZone]?.DeepClone());
        }).ToList();
        var gateways = gatewaysTask.Result.Select(g =>
        {
            var item = gatewaysShaper.Shape(g.Fields, GatewayFields);
            item[EngagementFields.Gateways.Test] = JsonText.AsFlag(g.Fields[EngagementFields.Gateways.Test]);
            return item;
        }).ToList();
        return ToolOutput.Json(new AccountInfoAnswer(
            usersTask.Result.AccountId,
            options.Sandbox ? "sandbox: the built-in demo account, not a live Ontraport account" : null,
            new AccountTimeZone(
                zone.Id,
                local.ToString("zzz", CultureInfo.InvariantCulture),
                local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                source),
            users,
            gateways));
    }

    private static IReadOnlyList<OntraportRecord> OntraportRecordList(JsonNode? data) => data switch
    {
        JsonArray array => [.. array.OfType<JsonObject>().Select(o => new OntraportRecord(o))],
        JsonObject map => [.. map.Select(p => p.Value).OfType<JsonObject>().Select(o => new OntraportRecord(o))],
        _ => [],
    };
}
