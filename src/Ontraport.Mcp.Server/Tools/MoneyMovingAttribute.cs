namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// Marks a tool that can charge, refund or otherwise move money. The call filter refuses an identical call (same account,
/// tool and arguments) within ten minutes (the host's duplicate guard) of one that reached Ontraport, unless the call says
/// <c>allow_duplicate: true</c>. Such tools must take <c>allow_duplicate</c> and <c>dry_run</c> arguments.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class MoneyMovingAttribute : Attribute;
