using System.Collections.Concurrent;

namespace Ontraport.Client.Metadata;

/// <summary>A type's list-view columns, as cached by <see cref="OntraportClient.GetListFieldsAsync"/>.</summary>
internal sealed record ListFields(IReadOnlyList<string> Fields);

/// <summary>The record names of one type an account has told us so far (null: the id does not exist or has no name).</summary>
internal sealed class RecordNameBook
{
    private readonly ConcurrentDictionary<long, string?> _names = new();

    public List<long> Missing(IEnumerable<long> ids) => [.. ids.Where(i => !_names.ContainsKey(i))];

    public void Learn(IEnumerable<long> asked, IReadOnlyDictionary<long, string?> found)
    {
        foreach (var id in asked)
        {
            _names[id] = found.GetValueOrDefault(id);
        }
    }

    public IReadOnlyDictionary<long, string> Names(IEnumerable<long> ids) =>
        ids.Select(i => (Id: i, Name: _names.GetValueOrDefault(i))).Where(p => p.Name is not null).ToDictionary(p => p.Id, p => p.Name!);
}
