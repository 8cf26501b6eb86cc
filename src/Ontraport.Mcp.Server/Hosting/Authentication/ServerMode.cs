namespace Ontraport.Mcp.Server.Hosting.Authentication;

/// <summary>
/// Where the Ontraport credentials come from (DESIGN §2): <c>ONTRAPORT_MCP_MODE</c> is a member's name in lower case. Each
/// mode is one authentication scheme (<see cref="AuthenticationModes"/>).
/// </summary>
public enum ServerMode
{
    /// <summary>The embedded emulator with its demo account; nothing to configure.</summary>
    Sandbox,

    /// <summary>One account, credentials from <c>ONTRAPORT_APP_ID</c> / <c>ONTRAPORT_API_KEY</c>.</summary>
    Account,

    /// <summary>Each request brings its own account's credentials.</summary>
    Passthrough,

    /// <summary>Users sign in through our OAuth 2.1 authorization server; each grant holds one account (DESIGN §7).</summary>
    OAuth,
}
