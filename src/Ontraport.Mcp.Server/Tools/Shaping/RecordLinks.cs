using System.Text.Json.Nodes;
using Ontraport.Client.Inferred;
using Ontraport.Client.ObjectTypes;

namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>
/// The link from a full record back to Ontraport (issue 19): <c>url</c>, next to the id that names the record, on
/// <c>get_objects</c> with an id (unless the caller named the fields it wants), <c>fetch</c>, and the record a write
/// returns. Pages carry none (they stay lean). The address pattern is the client's labelled guess, <see cref="WebAppUrls"/>.
/// </summary>
public static class RecordLinks
{
    public const string Key = "url";

    /// <summary>Where a record shows the link when one of its own fields is already called <c>url</c> (tracked links).</summary>
    public const string KeyBesideOwnUrl = "ontraport_url";

    /// <summary>The record's address in Ontraport's web app, or null for rows that have no page there.</summary>
    public static string? For(ObjectType type, long id) => WebAppUrls.Record(type, id);

    /// <summary>Adds the link to a shaped record (last, never over a field of the record's own) and returns the record.</summary>
    public static JsonObject AddTo(JsonObject record, ObjectType type, long id)
    {
        if (For(type, id) is { } url)
        {
            record[record.ContainsKey(Key) ? KeyBesideOwnUrl : Key] = url;
        }

        return record;
    }
}
