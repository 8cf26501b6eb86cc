using Ontraport.Client;
using Ontraport.Mcp.Server.Tools;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>The Ontraport account a signed-in MCP request acts for, resolved from its grant.</summary>
/// <param name="GrantId">Names the grant in the audit trail and in <see cref="OAuthGrantResolver.MarkCredentialsRejectedAsync"/>.</param>
/// <param name="Credentials">The grant's decrypted App ID and API key: never log or return them.</param>
/// <param name="ClientName">The client's registered name, for the audit trail.</param>
/// <param name="Allowance">What the user allowed on the consent page.</param>
public sealed record OAuthGrantAccount(string GrantId, OntraportCredentials Credentials, string ClientName, ToolAllowance Allowance);
