using System.Text.Json.Nodes;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>
/// The <c>externs</c> parameter of collection reads: <c>lookup//field</c> (chains allowed, e.g. <c>f2251//f2207//firstname</c>)
/// adds the value of a field of the record a lookup points at, under the key as written (ontraport-api.md §2.1).
/// A hop that is not a lookup field, or an unknown final field, is <c>400 Invalid query</c>.
/// </summary>
internal sealed class Externs
{
    private readonly List<Extern> _externs;

    private Externs(List<Extern> externs)
    {
        _externs = externs;
    }

    public static Externs? From(ApiParameters parameters, ObjectTypeSchema type, SchemaCatalog catalog)
    {
        var specs = parameters.List("externs");
        return specs.Count == 0 ? null : new Externs(specs.Select(spec => Parse(spec, type, catalog)).ToList());
    }

    public void AddTo(JsonObject json, Record record, AccountStore store)
    {
        foreach (var (key, hops, column) in _externs)
        {
            Record? current = record;
            foreach (var (field, target) in hops)
            {
                current = current?.Long(field) is { } id ? store.Find(target.Id, id) : null;
            }

            json[key] = current?[column];
        }
    }

    private static Extern Parse(string spec, ObjectTypeSchema type, SchemaCatalog catalog)
    {
        var parts = spec.Split("//");
        if (parts.Length < 2)
        {
            throw ApiError.InvalidQuery();
        }

        var hops = new List<(string Field, ObjectTypeSchema Target)>();
        var current = type;
        foreach (var part in parts[..^1])
        {
            var field = current.Field(part);
            if (field is not { Type: FieldType.Parent, ParentObject: { } parent } || catalog.Find(parent) is not { } target)
            {
                throw ApiError.InvalidQuery();
            }

            hops.Add((field.Name, target));
            current = target;
        }

        var column = current.Column(parts[^1]) ?? throw ApiError.InvalidQuery();
        return new Extern(spec, hops, column);
    }

    private sealed record Extern(string Key, IReadOnlyList<(string Field, ObjectTypeSchema Target)> Hops, string Column);
}
