using System.Text.Json;

namespace Ontraport.Client.Objects;

/// <summary>
/// One page of records as elements of the parsed answer (<see cref="ObjectsService.ListPageElementsAsync"/>): the same
/// records <see cref="OntraportRecord"/> would wrap, without building a <c>JsonObject</c> per record. The elements are
/// valid until this is disposed.
/// </summary>
public sealed class RecordElements : IDisposable
{
    private readonly IDisposable _owner;

    internal RecordElements(IDisposable owner, IReadOnlyList<JsonElement> records, long total)
    {
        _owner = owner;
        Records = records;
        Total = total;
    }

    public IReadOnlyList<JsonElement> Records { get; }

    /// <summary>How many records match in all (not only this page).</summary>
    public long Total { get; }

    public void Dispose() => _owner.Dispose();

    /// <summary>The records of a list answer as <see cref="OntraportRecord.ListFrom"/> reads them: an array's objects, or an id-keyed map's object values.</summary>
    internal static IReadOnlyList<JsonElement> ListFrom(JsonElement? data) => data switch
    {
        { ValueKind: JsonValueKind.Array } array => [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)],
        { ValueKind: JsonValueKind.Object } map => [.. map.EnumerateObject().Select(p => p.Value).Where(e => e.ValueKind == JsonValueKind.Object)],
        _ => [],
    };
}
