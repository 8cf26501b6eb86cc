namespace Ontraport.Mcp.Server.Settings;

/// <summary>
/// <c>ONTRAPORT_MCP_CONFIRM</c>: when a money-moving call or a bulk delete needs a person's yes (DESIGN §9).
/// </summary>
public enum ConfirmMode
{
    /// <summary>Ask through form elicitation where the client can; elsewhere act as without the setting.</summary>
    Auto,

    /// <summary>Act only with a person's yes: an accepted elicitation, or the confirmation of a dry run of the same arguments.</summary>
    Required,

    /// <summary>Never ask.</summary>
    Off,
}
