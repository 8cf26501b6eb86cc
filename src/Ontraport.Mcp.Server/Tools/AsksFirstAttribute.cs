namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// Marks a tool that needs a person's yes before it acts (besides the <see cref="MoneyMovingAttribute"/> tools, which
/// always do): the call chain asks through form elicitation where the client can, or takes the sealed
/// <c>confirmation</c> of a dry run of the same arguments (<c>ONTRAPORT_MCP_CONFIRM</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AsksFirstAttribute : Attribute;
