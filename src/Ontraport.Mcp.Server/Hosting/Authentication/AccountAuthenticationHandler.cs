using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Ontraport.Client;

namespace Ontraport.Mcp.Server.Hosting.Authentication;

/// <summary><see cref="ServerMode.Account"/>: every request acts on the account of <c>ONTRAPORT_APP_ID</c> / <c>ONTRAPORT_API_KEY</c>.</summary>
public sealed class AccountAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, UrlEncoder encoder, EndpointTokens tokens, ServerSettings settings)
    : CallAuthenticationHandler(options, encoder, tokens)
{
    public const string SchemeName = "OntraportAccount";

    protected override (OntraportCredentials? Credentials, string? Problem) ResolveAccount() => (settings.AccountCredentials, null);
}
