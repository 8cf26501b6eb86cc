using Ontraport.Client;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// A request that moves money or creates a record was sent, exactly once, and its answer was lost (timeout, 5xx after
/// processing, broken connection): it may or may not have taken effect. Not a refusal and not a failure: a result of its
/// own. The message goes to the agent as an <c>isError</c> result that says how to check before anything is tried again;
/// the call filter audits it as <see cref="Outcome"/>.
/// </summary>
public sealed class OutcomeUnknownException(string message, OntraportException cause) : Exception(message, cause)
{
    /// <summary>The audit and log outcome of such a call.</summary>
    public const string Outcome = "outcome unknown";
}
