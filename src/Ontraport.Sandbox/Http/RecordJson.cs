using System.Text.Json.Nodes;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Http;

/// <summary>Records as the API writes them: every value a JSON string, null when unset (ontraport-api.md §1.4).</summary>
internal static class RecordJson
{
    public static JsonObject Full(Record record)
    {
        var json = new JsonObject();
        foreach (var (column, value) in record.Values)
        {
            json[column] = value is null ? null : JsonValue.Create(value);
        }

        return json;
    }

    /// <summary><c>id</c> plus the requested columns (the <c>listFields</c> parameter), in the order requested.</summary>
    public static JsonObject Project(Record record, IReadOnlyList<string> columns)
    {
        var json = new JsonObject { ["id"] = record["id"] };
        foreach (var column in columns)
        {
            if (column != "id")
            {
                json[column] = record[column] is { } value ? JsonValue.Create(value) : null;
            }
        }

        return json;
    }

    public static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    /// <summary>A map, or the PHP-style <c>[]</c> when it is empty (ontraport-api.md §1.4).</summary>
    public static JsonNode MapOrEmptyArray(JsonObject map) => map.Count == 0 ? new JsonArray() : map;
}
