using Ontraport.Client;
using Ontraport.Mcp.Server.Tools;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// The one object of a call to the MCP endpoint, scoped to its HTTP request: the account (filled by the authentication
/// scheme of the mode, <see cref="Authenticate"/>), who is calling, what a grant allows, the tools this request may use
/// (the inventory narrowed by its headers and allowance), and how the call ended. Tools see its account through
/// <see cref="ToolAccount"/>, the same scoped instance; nothing is read from statics, so concurrent tenants cannot see
/// each other's data.
/// </summary>
public sealed class CallContext(ToolAccount account)
{
    /// <summary>The request's call object (the request's scope holds one).</summary>
    public static CallContext Of(HttpContext context) => context.RequestServices.GetRequiredService<CallContext>();

    /// <summary>The account the tools act on.</summary>
    public ToolAccount Account => account;

    /// <summary>The account's credentials (null before authentication).</summary>
    public OntraportCredentials? Credentials => account.Credentials;

    /// <summary>The calling client's name when known (a grant's client, the MCP clientInfo or the User-Agent), for logs and the audit trail.</summary>
    public string? ClientName { get; set; }

    /// <summary>An upper bound on the tools this caller may use (an OAuth grant's consent); null = the server's settings.</summary>
    public ToolAllowance? Allowance { get; private set; }

    /// <summary>
    /// What to do when Ontraport refuses the credentials (401): an OAuth grant is ended so the next sign-in replaces it.
    /// Null when the caller supplies the credentials itself.
    /// </summary>
    public Func<CancellationToken, Task>? CredentialsRejected { get; private set; }

    /// <summary>The tools this request may see and call (settings narrowed by its headers and allowance); set by the endpoint checks.</summary>
    public ToolInventory? Inventory { get; set; }

    /// <summary>The OAuth grant the call acts through (oauth mode; null in the other modes): confirmations are bound to it.</summary>
    public string? GrantId { get; private set; }

    /// <summary>Filled once by the authentication scheme that accepted the request.</summary>
    public void Authenticate(OntraportCredentials credentials, string? clientName, ToolAllowance? allowance = null, Func<CancellationToken, Task>? credentialsRejected = null, string? grantId = null)
    {
        account.ActFor(credentials);
        GrantId = grantId;
        ClientName = clientName;
        Allowance = allowance;
        CredentialsRejected = credentialsRejected;
    }

    /// <summary>Where this call's client reports waits and pages (see <see cref="ToolAccount.Progress"/>).</summary>
    public ToolAccount.ProgressRelay Progress => account.Progress;

    /// <summary>How the call ended, named by the step of the call chain that decided it (null until then).</summary>
    public string? Outcome { get; set; }

    /// <summary>Upstream requests made so far by this request (0 if none was needed).</summary>
    public int UpstreamRequests => account.CreatedClient?.RequestCount ?? 0;

    /// <summary>Record-creating or money-moving requests that went out in this request.</summary>
    public int RecordCreatingWrites => account.CreatedClient?.RecordCreatingWrites ?? 0;

    /// <summary>Requests that could change the account (anything but a read) that went out in this request.</summary>
    public int UpstreamWrites => account.CreatedClient?.WriteCount ?? 0;
}
