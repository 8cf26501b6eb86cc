using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Ontraport.Client;

namespace Ontraport.Mcp.Server.Hosting.Authentication;

/// <summary><see cref="ServerMode.Sandbox"/>: every request acts on the embedded sandbox's demo account.</summary>
public sealed class SandboxAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, UrlEncoder encoder, EndpointTokens tokens)
    : CallAuthenticationHandler(options, encoder, tokens)
{
    public const string SchemeName = "OntraportSandbox";

    protected override (OntraportCredentials? Credentials, string? Problem) ResolveAccount() =>
        (new OntraportCredentials(ServerSettings.SandboxAppId, ServerSettings.SandboxApiKey), null);
}
