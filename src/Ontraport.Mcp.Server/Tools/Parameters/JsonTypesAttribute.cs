namespace Ontraport.Mcp.Server.Tools.Parameters;

/// <summary>
/// What a free-form JSON parameter (a <c>JsonElement</c>) takes, for its input schema: one JSON type (<c>"object"</c>
/// for <c>values</c>) or several (<c>condition</c>: a readable string, Ontraport's criteria array or one criterion
/// object). The exporter alone would describe such a parameter as any JSON at all, which a client cannot check
/// (<see cref="ToolSchema"/> writes what this says).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class JsonTypesAttribute(params string[] types) : Attribute
{
    public IReadOnlyList<string> Types { get; } = types;
}
