namespace Ontraport.Mcp.Server.Tools.Parameters;

/// <summary>
/// What a free-form JSON parameter (a <c>JsonElement</c>) takes, for its input schema: one JSON type (<c>"object"</c>
/// for <c>values</c>) or several (<c>condition</c>: a readable string or Ontraport's criteria array, DESIGN §4.1). The
/// exporter alone would describe such a parameter as any JSON at all, which no client can check (the MCP Inspector warns);
/// <see cref="ToolSchema"/> writes what this says.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class JsonTypesAttribute(params string[] types) : Attribute
{
    public IReadOnlyList<string> Types { get; } = types;
}
