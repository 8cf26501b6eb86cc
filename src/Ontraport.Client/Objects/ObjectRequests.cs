using System.Text.Json.Nodes;
using Ontraport.Client.Http;

namespace Ontraport.Client.Objects;

/// <summary>
/// The route table of the generic object endpoints (API reference §2): method, path, encoding and effect of each, in
/// one place. Services send these; <c>dry_run</c> describes them.
/// </summary>
public static class ObjectRequests
{
    public static OntraportRequest Get(int objectTypeId, long id) => new()
    {
        Method = HttpMethod.Get,
        Path = "object",
        Effect = RequestEffect.Read,
        Query = new RequestParameters().Add("objectID", objectTypeId).Add("id", id).Pairs,
    };

    public static OntraportRequest List(int objectTypeId, ListOptions options)
    {
        var parameters = new RequestParameters().Add("objectID", objectTypeId);
        options.Selection.AddTo(parameters, action: false)
            .Add("start", options.Start == 0 ? null : options.Start)
            .Add("range", Math.Clamp(options.Range, 1, ListOptions.MaxRange))
            .Add("sort", options.Sort)
            .Add("sortDir", options.Sort is null ? null : options.SortDirection == SortDirection.Descending ? "desc" : "asc")
            .Add("listFields", options.Fields is { Count: > 0 } fields ? string.Join(',', fields.Contains("id") ? fields : ["id", .. fields]) : null)
            .Add("count", options.IncludeCount ? true : null);
        return new() { Method = HttpMethod.Get, Path = "objects", Effect = RequestEffect.Read, Query = parameters.Pairs };
    }

    public static OntraportRequest GetInfo(int objectTypeId, RecordSelection selection) => new()
    {
        Method = HttpMethod.Get,
        Path = "objects/getInfo",
        Effect = RequestEffect.Read,
        Query = selection.AddTo(new RequestParameters().Add("objectID", objectTypeId), action: false).Pairs,
    };

    public static OntraportRequest Meta(int? objectTypeId = null) => new()
    {
        Method = HttpMethod.Get,
        Path = "objects/meta",
        Effect = RequestEffect.Read,
        Query = new RequestParameters().Add("objectID", objectTypeId).Add("format", "byId").Pairs,
    };

    public static OntraportRequest GetByEmail(string email, bool all = false) => new()
    {
        Method = HttpMethod.Get,
        Path = "object/getByEmail",
        Effect = RequestEffect.Read,
        Query = new RequestParameters().Add("objectID", 0).Add("email", email).Add("all", all ? 1 : null).Pairs,
    };

    /// <summary><c>POST objects</c>, JSON: always creates (duplicates allowed), so it is sent exactly once.</summary>
    public static OntraportRequest Create(int objectTypeId, JsonObject values)
    {
        var body = new JsonObject { ["objectID"] = objectTypeId };
        foreach (var (key, value) in values)
        {
            body[key] = value?.DeepClone();
        }

        return new() { Method = HttpMethod.Post, Path = "objects", Effect = RequestEffect.NonIdempotentWrite, Encoding = BodyEncoding.Json, Json = body };
    }

    /// <summary><c>PUT objects</c>, JSON, by id: repeating it leaves the same state.</summary>
    public static OntraportRequest Update(int objectTypeId, long id, JsonObject values)
    {
        var body = new JsonObject { ["objectID"] = objectTypeId, ["id"] = id };
        foreach (var (key, value) in values)
        {
            body[key] = value?.DeepClone();
        }

        return new() { Method = HttpMethod.Put, Path = "objects", Effect = RequestEffect.IdempotentWrite, Encoding = BodyEncoding.Json, Json = body };
    }

    /// <summary>
    /// <c>POST objects/saveorupdate</c>, form-encoded. It merges on a unique field when one matches and creates otherwise,
    /// so a repeat after an unanswered first attempt could create a second record (no email given): sent exactly once.
    /// </summary>
    public static OntraportRequest SaveOrUpdate(int objectTypeId, IEnumerable<KeyValuePair<string, string>> values, bool ignoreBlanks = false)
    {
        var parameters = new RequestParameters().Add("objectID", objectTypeId);
        foreach (var (key, value) in values)
        {
            parameters.Add(key, value);
        }

        parameters.Add("ignore_blanks", ignoreBlanks ? true : null);
        return new() { Method = HttpMethod.Post, Path = "objects/saveorupdate", Effect = RequestEffect.NonIdempotentWrite, Encoding = BodyEncoding.Form, Form = parameters.Pairs };
    }

    public static OntraportRequest Delete(int objectTypeId, long id) => new()
    {
        Method = HttpMethod.Delete,
        Path = "object",
        Effect = RequestEffect.IdempotentWrite,
        Query = new RequestParameters().Add("objectID", objectTypeId).Add("id", id).Pairs,
    };

    /// <summary><c>DELETE objects</c>. Refuses a selection of everything: that would delete every record of the type (§2.1).</summary>
    public static OntraportRequest DeleteMany(int objectTypeId, RecordSelection selection)
    {
        if (selection.SelectsEverything)
        {
            throw new ArgumentException("A delete must name ids, a condition, a search or a group; an empty selection deletes every record.", nameof(selection));
        }

        return new()
        {
            Method = HttpMethod.Delete,
            Path = "objects",
            Effect = RequestEffect.IdempotentWrite,
            Query = selection.AddTo(new RequestParameters().Add("objectID", objectTypeId), action: true).Pairs,
        };
    }

    /// <summary><c>PUT|DELETE objects/tag</c>, form: tag ids onto or off the selected records.</summary>
    public static OntraportRequest Tag(int objectTypeId, bool add, IReadOnlyList<long> tagIds, RecordSelection targets) =>
        TargetedForm(add ? HttpMethod.Put : HttpMethod.Delete, "objects/tag", objectTypeId, targets,
            p => p.AddList(add ? "add_list" : "remove_list", tagIds));

    /// <summary><c>PUT|DELETE objects/tagByName</c>, JSON with real arrays (a comma string fails: API reference §1.3).</summary>
    public static OntraportRequest TagByName(int objectTypeId, bool add, IReadOnlyList<string> tagNames, RecordSelection targets)
    {
        var body = new JsonObject
        {
            ["objectID"] = objectTypeId,
            [add ? "add_names" : "remove_names"] = new JsonArray([.. tagNames.Select(n => (JsonNode)JsonValue.Create(n))]),
        };
        if (targets.Ids is { Count: > 0 } ids)
        {
            body["ids"] = new JsonArray([.. ids.Select(i => (JsonNode)JsonValue.Create(i))]);
        }

        if (targets.Condition is { } condition)
        {
            body["condition"] = condition.ToJson();
        }

        if (targets.GroupId is { } group)
        {
            body["group_id"] = group;
            if (targets.Ids is null || targets.Ids.Count == 0)
            {
                body["performAll"] = 1;
            }
        }

        return new()
        {
            Method = add ? HttpMethod.Put : HttpMethod.Delete,
            Path = "objects/tagByName",
            Effect = RequestEffect.IdempotentWrite,
            Encoding = BodyEncoding.Json,
            Json = body,
        };
    }

    /// <summary><c>PUT|DELETE objects/subscribe</c>, form, with <c>sub_type</c> Campaign (automations) or Sequence.</summary>
    public static OntraportRequest Subscribe(int objectTypeId, bool add, SubscriptionKind kind, IReadOnlyList<long> targetIds, RecordSelection records) =>
        TargetedForm(add ? HttpMethod.Put : HttpMethod.Delete, "objects/subscribe", objectTypeId, records,
            p => p.AddList(add ? "add_list" : "remove_list", targetIds).Add("sub_type", kind == SubscriptionKind.Sequence ? "Sequence" : "Campaign"));

    /// <summary><c>POST objects/pause</c> or <c>objects/unpause</c>, form (rules, sequences, sequence subscribers, automations).</summary>
    public static OntraportRequest Pause(int objectTypeId, bool pause, IReadOnlyList<long> ids) => new()
    {
        Method = HttpMethod.Post,
        Path = pause ? "objects/pause" : "objects/unpause",
        Effect = RequestEffect.IdempotentWrite,
        Encoding = BodyEncoding.Form,
        Form = new RequestParameters().Add("objectID", objectTypeId).AddList("ids", ids).Pairs,
    };

    /// <summary><c>GET objects/tag</c>: records carrying a tag, by id or name.</summary>
    public static OntraportRequest ListTagged(int objectTypeId, long? tagId, string? tagName, int start, int range) => new()
    {
        Method = HttpMethod.Get,
        Path = "objects/tag",
        Effect = RequestEffect.Read,
        Query = new RequestParameters().Add("objectID", objectTypeId).Add("tag_id", tagId).Add("tag_name", tagId is null ? tagName : null)
            .Add("start", start == 0 ? null : start).Add("range", Math.Clamp(range, 1, ListOptions.MaxRange)).Pairs,
    };

    public static OntraportRequest FieldEditor(int objectTypeId) => new()
    {
        Method = HttpMethod.Get,
        Path = "objects/fieldeditor",
        Effect = RequestEffect.Read,
        Query = new RequestParameters().Add("objectID", objectTypeId).Pairs,
    };

    private static OntraportRequest TargetedForm(HttpMethod method, string path, int objectTypeId, RecordSelection targets, Action<RequestParameters> addLists)
    {
        var parameters = new RequestParameters().Add("objectID", objectTypeId);
        addLists(parameters);
        targets.AddTo(parameters, action: true);
        return new() { Method = method, Path = path, Effect = RequestEffect.IdempotentWrite, Encoding = BodyEncoding.Form, Form = parameters.Pairs };
    }
}
