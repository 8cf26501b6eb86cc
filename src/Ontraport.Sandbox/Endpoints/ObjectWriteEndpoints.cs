using System.Text.Json.Nodes;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Routing;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>POST <c>objects</c> (create), PUT <c>objects</c> (update), POST <c>objects/saveorupdate</c> (ontraport-api.md §2.3).</summary>
internal static class ObjectWriteEndpoints
{
    public static void Map(RouteTable routes) => routes
        .Map("POST", "objects", Create)
        .Map("PUT", "objects", Update)
        .Map("POST", "objects/saveorupdate", SaveOrUpdate);

    private static ApiResult Create(ApiContext context)
    {
        var type = context.ObjectType(ObjectAccess.Create);
        var writes = FieldWrite.From(context.Parameters, type, ignoreBlanks: false);
        FieldWrite.Validate(type, writes, creating: true);
        var record = RecordWriter.Create(context, type, writes);
        return ApiResult.Data(RecordWriter.CreatedJson(record, writes));
    }

    private static ApiResult Update(ApiContext context)
    {
        var type = context.ObjectType(ObjectAccess.Update);
        var record = context.RequiredRecord(type);
        var writes = FieldWrite.From(context.Parameters, type, ignoreBlanks: false);
        FieldWrite.Validate(type, writes, creating: false);
        return ApiResult.Data(new JsonObject { ["attrs"] = RecordWriter.Update(context, type, record, writes) });
    }

    private static ApiResult SaveOrUpdate(ApiContext context)
    {
        var type = context.ObjectType(ObjectAccess.Create | ObjectAccess.Update);
        var writes = FieldWrite.From(context.Parameters, type, context.Parameters.Flag("ignore_blanks"));
        var existing = FindMatch(context, type);
        FieldWrite.Validate(type, writes, creating: existing is null);
        if (existing is not null)
        {
            return ApiResult.Data(new JsonObject { ["attrs"] = RecordWriter.Update(context, type, existing, writes) });
        }

        var record = RecordWriter.Create(context, type, writes);
        return ApiResult.Data(RecordWriter.CreatedJson(record, writes));
    }

    /// <summary>The record to merge into: by <c>unique_id</c>, else the merge field (email), else a unique field; lowest id wins.</summary>
    private static Record? FindMatch(ApiContext context, ObjectTypeSchema type)
    {
        var rows = context.Store.Table(type).Rows;
        if (type.HasField("unique_id") && context.Parameters.NonBlank("unique_id") is { } uniqueId)
        {
            if (rows.FirstOrDefault(r => r["unique_id"] == uniqueId) is { } byUniqueId)
            {
                return byUniqueId;
            }
        }

        IEnumerable<string> keys = type.MergeField is { } merge ? [merge] : type.Fields.Where(f => f.Unique).Select(f => f.Name);
        foreach (var key in keys)
        {
            if (context.Parameters.NonBlank(key) is { } value)
            {
                return rows.FirstOrDefault(r => string.Equals(r[key]?.Trim(), value, StringComparison.OrdinalIgnoreCase));
            }
        }

        return null;
    }
}
