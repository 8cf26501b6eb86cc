using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Routing;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>
/// GET <c>objects/fieldeditor</c>: sections keyed by id, each with up to three columns of field objects
/// (ontraport-api.md §2.5); <c>section</c> or <c>field</c> narrow it to one section or one field.
/// </summary>
internal static class FieldEditorEndpoints
{
    private const int Columns = 3;

    public static void Map(RouteTable routes) => routes.Map("GET", "objects/fieldeditor", GetFields);

    private static ApiResult GetFields(ApiContext context)
    {
        var type = context.ObjectType();
        var sections = type.Fields
            .GroupBy(f => f.Section)
            .Select((group, index) => (Id: index + 1, Name: group.Key, Fields: group.ToList()))
            .ToList();

        if (context.Parameters.NonBlank("field") is { } fieldName)
        {
            var field = type.Fields.FirstOrDefault(f => f.Name.Equals(fieldName, StringComparison.OrdinalIgnoreCase))
                ?? type.Fields.FirstOrDefault(f => f.Alias.Equals(fieldName, StringComparison.OrdinalIgnoreCase))
                ?? throw ApiError.NotFound($"Not Found: {type.Name} has no field {fieldName}.");
            return ApiResult.Data(FieldJson(field));
        }

        if (context.Parameters.NonBlank("section") is { } sectionName)
        {
            var section = sections.FirstOrDefault(s => s.Name.Equals(sectionName, StringComparison.OrdinalIgnoreCase)
                || s.Id.ToString(CultureInfo.InvariantCulture) == sectionName);
            return section.Name is null
                ? throw ApiError.NotFound($"Not Found: {type.Name} has no section {sectionName}.")
                : ApiResult.Data(SectionJson(section.Id, section.Name, section.Fields));
        }

        var data = new JsonObject();
        foreach (var (id, name, fields) in sections)
        {
            data[id.ToString(CultureInfo.InvariantCulture)] = SectionJson(id, name, fields);
        }

        return ApiResult.Data(RecordJson.MapOrEmptyArray(data));
    }

    private static JsonObject SectionJson(int id, string name, IReadOnlyList<FieldDefinition> fields)
    {
        var perColumn = Math.Max(1, (int)Math.Ceiling(fields.Count / (double)Columns));
        var columns = new JsonArray();
        foreach (var chunk in fields.Chunk(perColumn))
        {
            columns.Add(RecordJson.Array(chunk.Select(f => (JsonNode?)FieldJson(f))));
        }

        return new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["description"] = null,
            ["fields"] = columns,
        };
    }

    private static JsonObject FieldJson(FieldDefinition field) => new()
    {
        ["id"] = field.EditorId,
        ["alias"] = field.Alias,
        ["field"] = field.Name,
        ["type"] = field.Type,
        ["required"] = field.Required ? 1 : 0,
        ["unique"] = field.Unique ? 1 : 0,
        ["editable"] = field.Editable ? 1 : 0,
        ["deletable"] = field.Deletable ? 1 : 0,
        ["options"] = Options(field),
    };

    private static string Options(FieldDefinition field)
    {
        if (field.Options.Count == 0)
        {
            return string.Empty;
        }

        var map = new JsonObject();
        foreach (var (key, label) in field.Options)
        {
            map[key] = label;
        }

        return map.ToJsonString();
    }
}
