using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>
/// The one form in which an answer refers to another record: <c>{"id":1,"name":"Customer"}</c> (the name left out when
/// it is not known). Tags, sequences, automations, lookups, messages and groups all read this way.
/// </summary>
public static class Named
{
    public static JsonObject Of(long id, string? name)
    {
        var named = new JsonObject { ["id"] = id };
        if (!string.IsNullOrEmpty(name))
        {
            named["name"] = name;
        }

        return named;
    }

    public static JsonObject Of(long id, IReadOnlyDictionary<long, string>? names) => Of(id, names?.GetValueOrDefault(id));

    /// <summary>The same reference as a typed answer part.</summary>
    public static RecordRef Ref(long id, string? name) => new(id, string.IsNullOrEmpty(name) ? null : name);

    public static RecordRef Ref(long id, IReadOnlyDictionary<long, string>? names) => Ref(id, names?.GetValueOrDefault(id));
}

/// <summary>
/// A reference to another record in a typed answer: <c>{"id":1,"name":"Customer"}</c>, the name left out when unknown,
/// with its type when the answer mixes types.
/// </summary>
public sealed record RecordRef(long Id, string? Name, string? Type = null)
{
    public static RecordRef Of(long id, string? name, string? type = null) => new(id, string.IsNullOrEmpty(name) ? null : name, type);
}
