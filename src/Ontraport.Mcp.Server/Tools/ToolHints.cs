using Ontraport.Client.Metadata;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// The sentences that point an agent to the tool that fixes a mistake. The client says what is wrong in Ontraport's terms
/// (an unknown object type, an unknown field, a 400) and knows nothing of tools; these hints are added where its answer
/// becomes an agent's message.
/// </summary>
public static class ToolHints
{
    /// <summary>After an object type that is not in the account.</summary>
    public const string ListObjectTypes = " Call list_allowed_object_types to see the available types.";

    /// <summary>After Ontraport refused a request as malformed (400).</summary>
    public const string CheckFieldsAndCondition = " Check field names with get_object_meta and the condition.";

    /// <summary>"field 'x' is not on Contacts; did you mean …?", or, with no close name, where to list the fields.</summary>
    public static string UnknownFieldMessage(this ObjectMetadata metadata, string typed, string objectName) =>
        WithFieldList(metadata.DescribeUnknownField(typed, objectName));

    /// <inheritdoc cref="UnknownFieldMessage"/>
    public static string WithFieldList(UnknownField unknown) =>
        unknown.Suggestions.Count > 0 ? unknown.Message : unknown.Subject + "; call get_object_meta to list its fields.";
}
