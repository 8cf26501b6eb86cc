using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ontraport.Mcp.Server.OAuth;

namespace Ontraport.Mcp.Server.Hosting.Authentication;

/// <summary>
/// <see cref="ServerMode.OAuth"/>: the OAuth module's scheme (<see cref="OAuthDefaults.AuthenticationScheme"/>: the access
/// token, and its grant still active) decides; the grant it resolved (once, from its cache) names the account, the client
/// and the allowance of the call. A refusal is the OAuth module's challenge (401 with <c>resource_metadata</c>).
/// </summary>
public sealed class OAuthAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, UrlEncoder encoder, OAuthGrantResolver grants)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, NullLoggerFactory.Instance, encoder)
{
    public const string SchemeName = "OntraportOAuthAccount";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var result = await Context.AuthenticateAsync(OAuthDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            return result;
        }

        if (OAuthGrantResolver.ActiveGrantOf(Context) is not { } grant)
        {
            return AuthenticateResult.Fail("This sign-in was revoked or its Ontraport key stopped working; connect again.");
        }

        CallContext.Of(Context).Authenticate(grant.Credentials, grant.ClientName, grant.Allowance,
            cancellationToken => grants.MarkCredentialsRejectedAsync(grant.GrantId, cancellationToken), grant.GrantId);
        return AuthenticateResult.Success(new AuthenticationTicket(result.Principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Context.ChallengeAsync(OAuthDefaults.AuthenticationScheme, properties);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Context.ForbidAsync(OAuthDefaults.AuthenticationScheme, properties);
}
