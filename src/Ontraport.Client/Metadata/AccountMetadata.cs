using System.Globalization;
using System.Text.Json.Nodes;

namespace Ontraport.Client.Metadata;

/// <summary>Every object type's fields for one account, as <c>GET objects/meta</c> (format byId) returns them.</summary>
public sealed class AccountMetadata
{
    public AccountMetadata(IReadOnlyDictionary<int, ObjectMetadata> objects) => Objects = objects;

    public IReadOnlyDictionary<int, ObjectMetadata> Objects { get; }

    public ObjectMetadata? Find(int objectTypeId) => Objects.GetValueOrDefault(objectTypeId);

    public static AccountMetadata Parse(JsonNode? data)
    {
        var objects = new Dictionary<int, ObjectMetadata>();
        if (data is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && value is JsonObject entry)
                {
                    objects[id] = ObjectMetadata.Parse(id, entry);
                }
            }
        }

        return new AccountMetadata(objects);
    }
}
