using System.Text.Json;
using System.Text.Json.Nodes;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>Creates and updates records the way <c>POST/PUT objects</c> and <c>saveorupdate</c> do (ontraport-api.md §2.3).</summary>
internal static class RecordWriter
{
    public static Record Create(ApiContext context, ObjectTypeSchema type, IReadOnlyList<FieldWrite> writes)
    {
        var record = context.Store.Table(type).Create();
        foreach (var write in writes.Where(w => !Memberships.IsMembershipColumn(w.Column)))
        {
            record[write.Column] = write.Value;
        }

        RecordDefaults.Apply(type, record, context.UnixNow, context.Store.Seed);
        foreach (var write in writes.Where(w => Memberships.IsMembershipColumn(w.Column)))
        {
            context.Store.Memberships.SetColumn(type, record, write.Column, write.Value, context.UnixNow);
        }

        return record;
    }

    /// <summary>The created record as the create response shows it: submitted values keep the JSON type they were sent with.</summary>
    public static JsonObject CreatedJson(Record record, IReadOnlyList<FieldWrite> writes)
    {
        var json = RecordJson.Full(record);
        foreach (var write in writes)
        {
            if (!Memberships.IsMembershipColumn(write.Column)
                && write.Source.Json is { ValueKind: not JsonValueKind.String and not JsonValueKind.Null } element)
            {
                json[write.Column] = JsonNode.Parse(element.GetRawText());
            }
        }

        return json;
    }

    /// <summary>Applies the writes and returns <c>attrs</c>: the changed fields, then <c>dlm</c> and <c>id</c>.</summary>
    public static JsonObject Update(ApiContext context, ObjectTypeSchema type, Record record, IReadOnlyList<FieldWrite> writes)
    {
        var attrs = new JsonObject();
        foreach (var write in writes)
        {
            var before = record[write.Column];
            if (Memberships.IsMembershipColumn(write.Column))
            {
                context.Store.Memberships.SetColumn(type, record, write.Column, write.Value, context.UnixNow);
            }
            else
            {
                record[write.Column] = write.Value;
            }

            var after = record[write.Column];
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                attrs[write.Column] = after;
            }
        }

        if (type.HasField("dlm"))
        {
            if (attrs.Count > 0)
            {
                record["dlm"] = context.UnixNow;
            }

            attrs["dlm"] = record["dlm"];
        }

        attrs["id"] = record["id"];
        return attrs;
    }
}
