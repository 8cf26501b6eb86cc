using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Routing;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Selection;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>GET <c>object</c>, <c>objects</c>, <c>objects/getInfo</c>, <c>object/getByEmail</c>, <c>objects/tag</c> (ontraport-api.md §2).</summary>
internal static class ObjectReadEndpoints
{
    public static void Map(RouteTable routes) => routes
        .Map("GET", "object", GetOne)
        .Map("GET", "objects", GetMany)
        .Map("GET", "objects/getInfo", GetInfo)
        .Map("GET", "object/getByEmail", GetByEmail)
        .Map("GET", "objects/tag", GetWithTag);

    private static ApiResult GetOne(ApiContext context)
    {
        var type = context.ObjectType();
        return ApiResult.Data(RecordJson.Full(context.RequiredRecord(type)));
    }

    private static ApiResult GetMany(ApiContext context)
    {
        var type = context.ObjectType();
        var selection = RecordSelection.From(context.Parameters, type);
        return CollectionResponse.Page(context, type, selection.Apply(context.Store, type));
    }

    private static ApiResult GetInfo(ApiContext context)
    {
        var type = context.ObjectType();
        var rows = RecordSelection.From(context.Parameters, type).Apply(context.Store, type).ToList();
        var listFields = CollectionResponse.RequestedColumns(context.Parameters, type) ?? type.ListFields;
        var info = new JsonObject
        {
            ["listFields"] = RecordJson.Array(listFields.Select(f => (JsonNode)JsonValue.Create(f))),
            ["listFieldSettings"] = new JsonArray(),
            ["cardViewSettings"] = new JsonArray(),
            ["viewMode"] = new JsonArray(),
            ["count"] = rows.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (type.SumFields.Count > 0)
        {
            var sums = new JsonObject();
            foreach (var field in type.SumFields)
            {
                var total = rows.Sum(r => r.Decimal(field) ?? 0m);
                sums[field] = (double)decimal.Round(total, 2);
            }

            info["sums"] = sums;
        }

        return ApiResult.Data(info);
    }

    private static ApiResult GetByEmail(ApiContext context)
    {
        var type = context.OptionalObjectType() ?? context.Store.Catalog.Get(ObjectTypeIds.Contact);
        if (type.Id != ObjectTypeIds.Contact)
        {
            throw ApiError.BadRequest("Bad Request: getByEmail looks up contacts (objectID=0) only.");
        }

        var email = context.Parameters.NonBlank("email") ?? throw ApiError.BadRequest("Bad Request: email is required.");
        if (!EmailAddress.IsValid(email))
        {
            throw ApiError.NotFound(SandboxChoices.EmailNotFoundText);
        }

        var ids = context.Store.Table(type).Rows
            .Where(r => string.Equals(r["email"], email, StringComparison.OrdinalIgnoreCase))
            .Select(r => r["id"])
            .ToList();
        if (ids.Count == 0)
        {
            throw ApiError.NotFound(SandboxChoices.EmailNotFoundText);
        }

        return context.Parameters.Flag("all")
            ? ApiResult.Data(new JsonObject { ["ids"] = RecordJson.Array(ids.Select(id => (JsonNode?)JsonValue.Create(id))) })
            : ApiResult.Data(new JsonObject { ["id"] = ids[0] });
    }

    private static ApiResult GetWithTag(ApiContext context)
    {
        var type = context.ObjectType();
        var tagIds = context.Parameters.Ids("tag_id").ToHashSet();
        var names = context.Parameters.List("tag_name");
        if (tagIds.Count == 0 && names.Count == 0)
        {
            throw ApiError.BadRequest("Bad Request: tag_id or tag_name is required.");
        }

        foreach (var tag in context.Store.Table(ObjectTypeIds.Tag).Rows)
        {
            if (names.Any(n => string.Equals(n, tag["tag_name"], StringComparison.OrdinalIgnoreCase)))
            {
                tagIds.Add(tag.Id);
            }
        }

        var rows = RecordSelection.From(context.Parameters, type).Apply(context.Store, type)
            .Where(r => IdList.Parse(r[Memberships.TagsColumn]).Any(tagIds.Contains));
        return CollectionResponse.Page(context, type, rows);
    }
}
