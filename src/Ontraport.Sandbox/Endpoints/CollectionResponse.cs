using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Selection;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>Writes a page of records the way every collection read does: sorted, paged, <c>listFields</c>, <c>externs</c>, <c>misc</c>.</summary>
internal static class CollectionResponse
{
    public static ApiResult Page(ApiContext context, ObjectTypeSchema type, IEnumerable<Record> rows)
    {
        var window = ListWindow.From(context.Parameters, type, context.Options.MaxRange);
        var matching = rows.ToList();
        var columns = RequestedColumns(context.Parameters, type);
        var externs = Externs.From(context.Parameters, type, context.Store.Catalog);
        var items = window.Apply(matching).Select(r =>
        {
            var json = columns is null ? RecordJson.Full(r) : RecordJson.Project(r, columns);
            externs?.AddTo(json, r, context.Store);
            return (JsonNode)json;
        });
        JsonNode? misc = context.Parameters.Flag("count")
            ? new JsonObject { ["count"] = matching.Count.ToString(CultureInfo.InvariantCulture) }
            : null;
        return ApiResult.List(RecordJson.Array(items), misc);
    }

    /// <summary>The <c>listFields</c> parameter resolved against the schema (unknown names kept as given), or null.</summary>
    public static IReadOnlyList<string>? RequestedColumns(ApiParameters parameters, ObjectTypeSchema type)
    {
        var names = parameters.List("listFields");
        return names.Count == 0 ? null : names.Select(n => type.Column(n) ?? n).Distinct(StringComparer.Ordinal).ToList();
    }
}
