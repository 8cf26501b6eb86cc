using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Ontraport.Mcp.Server.Tools.Parameters;

/// <summary>
/// The one place a tool's input schema and annotations are shaped for tools/list, applied to every tool at registration
/// (<see cref="ToolCatalog"/>): an optional parameter is simply not required, so the exporter's
/// <c>"type": ["integer", "null"]</c> and <c>"default": null</c> (and <c>"default": false</c>, which an absent flag
/// means anyway) go, and so does the default of a shared parameter, which its one definition in the instructions gives
/// (<see cref="ToolParameters"/>); a free-form JSON parameter gets the types its <see cref="JsonTypesAttribute"/> names
/// instead of the exporter's "anything" (<c>true</c>). The exporter (Microsoft.Extensions.AI) already turns
/// <c>[AllowedValues]</c> into an <c>enum</c> and <c>[Range]</c> into <c>minimum</c>/<c>maximum</c>; only the open end of a
/// range (<c>int.MaxValue</c>) is dropped here. The call chain's <c>ToolArguments</c> checks calls against the result of
/// <see cref="Compact"/>; tools/list sends <see cref="Published"/>, the same less what the instructions define once, so a
/// call that the published schema refuses is refused, and one it admits is still held to the instructions' shape.
/// </summary>
public static class ToolSchema
{
    /// <summary>
    /// The annotations as sent, every hint explicit (DESIGN §4.3): a client must not have to apply the MCP defaults
    /// (readOnlyHint false, destructiveHint true, idempotentHint false, openWorldHint true) to read them, and Claude's
    /// connector directory refuses a tool without an explicit hint. Every tool carries its title and readOnlyHint; a tool
    /// that is not read-only also carries destructiveHint, idempotentHint and openWorldHint, even where a value equals the
    /// default. (The spec gives destructiveHint and idempotentHint meaning only when readOnlyHint is false.) The values
    /// are the attribute's, which the catalog test holds to DESIGN §4.3.
    /// </summary>
    public static ToolAnnotations? ExplicitAnnotations(ToolAnnotations? annotations)
    {
        if (annotations is null)
        {
            return null;
        }

        return annotations.ReadOnlyHint == true
            ? new ToolAnnotations { Title = annotations.Title, ReadOnlyHint = true }
            : new ToolAnnotations
            {
                Title = annotations.Title,
                ReadOnlyHint = false,
                DestructiveHint = annotations.DestructiveHint ?? true,
                IdempotentHint = annotations.IdempotentHint ?? false,
                OpenWorldHint = annotations.OpenWorldHint ?? true,
            };
    }

    /// <summary>The compacted schema of <paramref name="method"/>'s tool (see the class summary).</summary>
    public static JsonElement Compact(JsonElement schema, MethodInfo method)
    {
        var root = JsonNode.Parse(schema.GetRawText());
        Strip(root);
        if (root?["properties"] is JsonObject properties)
        {
            foreach (var parameter in method.GetParameters())
            {
                if (properties[parameter.Name!] is not JsonObject property)
                {
                    continue;
                }

                if (parameter.GetCustomAttribute<JsonTypesAttribute>() is { } json)
                {
                    Declare(property, json.Types);
                }

                // A shared parameter's default is part of its one definition in the instructions (object_type: default contacts).
                if (ToolParameters.Names.Contains(parameter.Name!))
                {
                    property.Remove("default");
                }
            }
        }

        return JsonSerializer.SerializeToElement(root);
    }

    /// <summary>
    /// The schema tools/list sends: <paramref name="schema"/> (from <see cref="Compact"/>, which calls are checked
    /// against) without what the instructions define once. The lines of <c>products</c> (<c>{product_id, quantity,
    /// price}</c>, <see cref="ToolParameters"/>) are sent as an array of objects: their shape, repeated in four tools, cost
    /// 512 bytes of every tools/list. The ranges of shared parameters (<c>start</c> ≥ 0, <c>limit</c> 1–50,
    /// <c>confirm_count</c> ≥ 1, <c>total</c> ≥ 0) are stated once in their definitions, not in 35 schemas (about 660
    /// bytes, what the explicit hints and <c>search</c>/<c>fetch</c> needed, issue 19). A call is still held to the full
    /// shape and told which line, field or bound is wrong.
    /// </summary>
    /// <summary>
    /// Adds the <c>confirmation</c> argument to the call schema of a tool that asks first (<see cref="ToolDescriptor.AsksFirst"/>):
    /// the call chain reads it, so no tool method declares it. Only the call schema: seven more properties would take
    /// tools/list over its 24,000-byte budget (and a line in the instructions over their 2,048 characters), and the
    /// argument is never the model's idea: the dry run that hands one out says how to use it.
    /// </summary>
    public static JsonElement WithConfirmation(JsonElement schema)
    {
        var root = JsonNode.Parse(schema.GetRawText())!.AsObject();
        if (root["properties"] is JsonObject properties)
        {
            properties["confirmation"] = new JsonObject { ["type"] = "string" };
        }

        return JsonSerializer.SerializeToElement(root);
    }

    public static JsonElement Published(JsonElement schema, MethodInfo method)
    {
        var root = JsonNode.Parse(schema.GetRawText());
        if (root?["properties"] is JsonObject properties)
        {
            foreach (var parameter in method.GetParameters())
            {
                if (!ToolParameters.Names.Contains(parameter.Name!) || properties[parameter.Name!] is not JsonObject property)
                {
                    continue;
                }

                if (property["items"] is JsonObject { } items && items.ContainsKey("properties"))
                {
                    property["items"] = new JsonObject { ["type"] = "object" };
                }

                property.Remove("minimum");
                property.Remove("maximum");
            }
        }

        return JsonSerializer.SerializeToElement(root);
    }

    /// <summary>
    /// One type is <c>"type"</c>; several are an <c>anyOf</c> of single types: a type list (<c>["string", "array"]</c>) is
    /// valid JSON Schema, but clients that map schemas onto a one-type dialect (Gemini's function declarations, the
    /// Inspector's portability check) refuse or warn about it. The property keeps its description.
    /// </summary>
    private static void Declare(JsonObject property, IReadOnlyList<string> types)
    {
        if (types.Count == 1)
        {
            property["type"] = types[0];
            return;
        }

        property["anyOf"] = new JsonArray([.. types.Select(t => (JsonNode)new JsonObject { ["type"] = t })]);
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

                // A parameter of any JSON comes out as the schema true; an object is the form every client's validator
                // takes, and Compact then writes the types the parameter's JsonTypes attribute names.
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
