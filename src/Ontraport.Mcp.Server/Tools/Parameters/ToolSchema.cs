using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Ontraport.Mcp.Server.Tools.Parameters;

/// <summary>
/// The one place a tool's input schema is shaped for tools/list, applied to every tool at registration
/// (<see cref="ToolCatalog"/>): an optional parameter is simply not required, so the exporter's
/// <c>"type": ["integer", "null"]</c> and <c>"default": null</c> (and <c>"default": false</c>, which an absent flag
/// means anyway) go, and an any-JSON parameter's schema <c>true</c> becomes <c>{}</c>. The exporter (Microsoft.Extensions.AI) already turns <c>[AllowedValues]</c> into an <c>enum</c> and
/// <c>[Range]</c> into <c>minimum</c>/<c>maximum</c>; only the open end of a range (<c>int.MaxValue</c>) is dropped here.
/// <see cref="ToolArguments"/> checks calls against the result, so what the schema says is what a call must meet.
/// </summary>
public static class ToolSchema
{
    /// <summary>
    /// The annotations as sent: a hint equal to the MCP default (readOnlyHint false, destructiveHint true,
    /// idempotentHint false, openWorldHint true) is left out, and so are destructiveHint and idempotentHint on a read-only
    /// tool (the spec gives them meaning only when readOnlyHint is false). A client applying the defaults reads exactly
    /// the values set in code, which stay explicit on every tool's attribute (DESIGN §4.3).
    /// </summary>
    public static ToolAnnotations? CompactAnnotations(ToolAnnotations? annotations)
    {
        if (annotations is null)
        {
            return null;
        }

        var readOnly = annotations.ReadOnlyHint == true;
        return new ToolAnnotations
        {
            Title = annotations.Title,
            ReadOnlyHint = readOnly ? true : null,
            DestructiveHint = readOnly || annotations.DestructiveHint != false ? null : false,
            IdempotentHint = readOnly || annotations.IdempotentHint != true ? null : true,
            OpenWorldHint = annotations.OpenWorldHint == false ? false : null,
        };
    }

    public static JsonElement Compact(JsonElement schema)
    {
        var root = JsonNode.Parse(schema.GetRawText());
        Strip(root);
        return JsonSerializer.SerializeToElement(root);
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonArray types)
                {
                    var kept = types.Select(t => t?.GetValue<string>()).Where(t => t is not null and not "null").ToList();
                    obj["type"] = kept.Count == 1 ? kept[0] : new JsonArray([.. kept.Select(k => (JsonNode?)JsonValue.Create(k))]);
                }

                if (obj.TryGetPropertyValue("default", out var value) && (value is null || value.GetValueKind() == JsonValueKind.False))
                {
                    obj.Remove("default");
                }

                if (obj["maximum"] is JsonValue maximum && maximum.GetValue<double>() is int.MaxValue or long.MaxValue or double.MaxValue)
                {
                    obj.Remove("maximum");
                }

                // An undescribed parameter of any JSON (condition, values) comes out as the schema true; {} says the same
                // and is the form every client's validator takes.
                if (obj["properties"] is JsonObject properties)
                {
                    foreach (var (name, property) in properties.ToList())
                    {
                        if (property is JsonValue any && any.GetValueKind() == JsonValueKind.True)
                        {
                            properties[name] = new JsonObject();
                        }
                    }
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Strip(child);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Strip(item);
                }

                break;
        }
    }
}
