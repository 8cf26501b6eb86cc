using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Routing;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>
/// GET <c>objects/meta</c>: <c>{"0":{"name":"Contact","fields":{"firstname":{"alias":…,"type":…,"required":"0",…}}}}</c>
/// for one type or, without <c>objectID</c>, every type including custom objects (ontraport-api.md §2.4).
/// </summary>
internal static class MetaEndpoints
{
    public static void Map(RouteTable routes) => routes.Map("GET", "objects/meta", GetMeta);

    private static ApiResult GetMeta(ApiContext context)
    {
        var format = context.Parameters.NonBlank("format") ?? "byId";
        var byName = format.Equals("byName", StringComparison.OrdinalIgnoreCase);
        if (!byName && !format.Equals("byId", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiError.BadRequest("Bad Request: format must be byId or byName.");
        }

        IEnumerable<ObjectTypeSchema> types = context.OptionalObjectType() is { } one ? [one] : context.Store.Catalog.Types;
        var data = new JsonObject();
        foreach (var type in types)
        {
            var entry = new JsonObject();
            if (byName)
            {
                entry["id"] = type.Id.ToString(CultureInfo.InvariantCulture);
            }

            entry["name"] = type.Name;
            entry["fields"] = Fields(type);
            data[byName ? type.Name : type.Id.ToString(CultureInfo.InvariantCulture)] = entry;
        }

        return ApiResult.Data(data);
    }

    private static JsonObject Fields(ObjectTypeSchema type)
    {
        var fields = new JsonObject();
        foreach (var field in type.Fields)
        {
            var json = new JsonObject
            {
                ["alias"] = field.Alias,
                ["type"] = field.Type,
                ["required"] = Flag(field.Required),
                ["unique"] = Flag(field.Unique),
                // The captured sample shows lookup fields with "editable": null.
                ["editable"] = field.Type == FieldType.Parent ? null : Flag(field.Editable),
                ["deletable"] = Flag(field.Deletable),
            };
            if (field.ParentObject is { } parent)
            {
                json["parent_object"] = parent.ToString(CultureInfo.InvariantCulture);
            }

            if (field.Options.Count > 0)
            {
                var options = new JsonObject();
                foreach (var (key, label) in field.Options)
                {
                    options[key] = label;
                }

                json["options"] = options;
            }

            fields[field.Name] = json;
        }

        return fields;
    }

    private static string Flag(bool value) => value ? "1" : "0";
}
