namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// A tool argument is wrong or a guard refused the call. The message goes to the agent as an <c>isError</c> result, so
/// it names the argument and says what to do instead. Thrown before any upstream request whenever possible.
/// </summary>
public sealed class ToolInputException(string message) : Exception(message);
