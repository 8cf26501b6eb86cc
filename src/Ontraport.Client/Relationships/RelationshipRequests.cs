using System.Text.Json.Nodes;
using Ontraport.Client.Http;
using Ontraport.Client.Objects;

namespace Ontraport.Client.Relationships;

/// <summary>
/// Writes of Custom Object Relationships (102): links between two records (contact ↔ contact, contact ↔ custom object)
/// that no lookup field holds. Links through a lookup (<c>parent</c>) field are plain updates of that field
/// (<see cref="ObjectRequests.Update"/>), which the API documents.
/// <para>
/// INFERRED mapping (the sources list 102 as readable only and name no write endpoint): a link is created with the generic
/// <c>POST objects</c> (JSON) with <c>objectID</c> 102 and the row's fields <c>name</c>, <c>parent_object_type_id</c>,
/// <c>parent_id</c>, <c>child_object_type_id</c>, <c>child_id</c>; it is removed with <c>DELETE object</c>
/// (<c>objectID</c> 102, <c>id</c>). This is the one place the client writes 102; the sandbox accepts the same
/// (<c>SandboxChoices.Relationships</c>). Correct it here against a live account.
/// </para>
/// </summary>
public static class RelationshipRequests
{
    public const int ObjectTypeId = 102;

    /// <summary>Creates the link row, so it is sent exactly once.</summary>
    public static OntraportRequest Link(string name, int parentTypeId, long parentId, int childTypeId, long childId) =>
        ObjectRequests.Create(ObjectTypeId, new JsonObject
        {
            ["name"] = name,
            ["parent_object_type_id"] = parentTypeId,
            ["parent_id"] = parentId,
            ["child_object_type_id"] = childTypeId,
            ["child_id"] = childId,
        });

    public static OntraportRequest Unlink(long relationshipId) => ObjectRequests.Delete(ObjectTypeId, relationshipId);
}
