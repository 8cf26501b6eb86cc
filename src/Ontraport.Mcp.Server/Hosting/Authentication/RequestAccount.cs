using Ontraport.Client;
using Ontraport.Mcp.Server.Tools;

namespace Ontraport.Mcp.Server.Hosting.Authentication;

/// <summary>
/// Whose Ontraport account an authenticated MCP request acts on, set on <see cref="HttpContext.Features"/> by the
/// authentication scheme that accepted the request (endpoint tokens and passthrough today; OAuth grants beside them).
/// The credentials live for the request only and never go into claims, logs or results.
/// </summary>
/// <param name="Credentials">The account's App ID and API key.</param>
/// <param name="Label">Who is calling, for logs and the audit trail (never a key).</param>
/// <param name="Allowance">An upper bound on the tools this caller may use (an OAuth grant's consent); null = the server's settings.</param>
/// <param name="CredentialsRejected">
/// What to do when Ontraport refuses these credentials (401): an OAuth grant is marked so the next sign-in replaces it.
/// Null when the caller supplies the credentials itself.
/// </param>
public sealed record RequestAccount(
    OntraportCredentials Credentials,
    string? Label = null,
    ToolAllowance? Allowance = null,
    Func<CancellationToken, Task>? CredentialsRejected = null);
