namespace Ontraport.Sandbox;

/// <summary>Choices for writing Custom Object Relationships (102), which the API reference lists as readable only.</summary>
/// <remarks>
/// <list type="number">
/// <item>INFERRED (the client's <c>RelationshipRequests</c> sends the same): a link between two records is created with the generic <c>POST objects</c> and <c>objectID</c> 102, and removed with <c>DELETE object</c> (<c>objectID</c> 102, <c>id</c>). The generic endpoints therefore allow create and delete on 102 (the MCP server's generic tools still treat it as read-only).</item>
/// <item>A link row is <c>name</c>, <c>parent_object_type_id</c>, <c>parent_id</c>, <c>child_object_type_id</c>, <c>child_id</c>, <c>date</c>; all five written fields are required (400 <c>MissingRequiredText</c>). Whether the linked records exist is not checked, and deleting a record leaves its link rows (like notes and tasks).</item>
/// </list>
/// </remarks>
internal static partial class SandboxChoices
{
}
