namespace Ontraport.Mcp.Server.Tools;

/// <summary>The toolset a tool class belongs to: crud, query, manage or commerce (DESIGN §4.3).</summary>
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
}
