namespace Ontraport.Mcp.Server.Tools;

/// <summary>The toolset a tool class belongs to: crud, query, manage, commerce (DESIGN §4.3) or search (§9).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ToolsetAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

public static class Toolsets
{
    public const string Crud = "crud";
    public const string Query = "query";
    public const string Manage = "manage";
    public const string Commerce = "commerce";

    /// <summary><c>search</c> and <c>fetch</c> in OpenAI's shape, for ChatGPT's deep research and company knowledge (DESIGN §9).</summary>
    public const string Search = "search";

    /// <summary>Every toolset, in the order settings, headers, the consent page and a grant's stored form list them.</summary>
    public static readonly IReadOnlyList<string> All = [Crud, Query, Manage, Commerce, Search];
}
