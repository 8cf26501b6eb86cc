using Ontraport.Client;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// What a grant allows, chosen on the consent page and enforced by the server: read-only, or some toolsets, and Commerce
/// writes (<paramref name="Money"/>) only when ticked.
/// </summary>
/// <param name="ReadOnly">Only tools that change nothing.</param>
/// <param name="Toolsets">A subset of crud, query, manage, commerce, search.</param>
/// <param name="Money">Commerce writes (charges, refunds, invoices); never with <paramref name="ReadOnly"/>.</param>
public sealed record GrantAllowance(bool ReadOnly, IReadOnlySet<string> Toolsets, bool Money)
{
    public static readonly IReadOnlyList<string> AllToolsets = ["crud", "query", "manage", "commerce", "search"];

    /// <summary>The stored form: "ro" or "rw", the toolsets, and "money" when allowed; for example "rw crud query money".</summary>
    public string ToStored() =>
        string.Join(' ', new[] { ReadOnly ? "ro" : "rw" }.Concat(AllToolsets.Where(Toolsets.Contains)).Concat(Money ? ["money"] : []));

    public static GrantAllowance FromStored(string stored)
    {
        var parts = (stored ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var readOnly = !parts.Contains("rw");
        var toolsets = new HashSet<string>(parts.Where(AllToolsets.Contains), StringComparer.OrdinalIgnoreCase);
        return new GrantAllowance(readOnly, toolsets, !readOnly && parts.Contains("money"));
    }
}

/// <summary>The Ontraport account a signed-in MCP request acts for, resolved from its grant.</summary>
/// <param name="GrantId">Names the grant in the audit trail and in <see cref="OAuthGrantResolver.MarkCredentialsRejectedAsync"/>.</param>
/// <param name="Credentials">The grant's decrypted App ID and API key: never log or return them.</param>
/// <param name="ClientName">The client's registered name, for the audit trail.</param>
/// <param name="Allowance">What the user allowed on the consent page.</param>
public sealed record OAuthGrantAccount(string GrantId, OntraportCredentials Credentials, string ClientName, GrantAllowance Allowance);
