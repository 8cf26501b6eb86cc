using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ontraport.Client;

namespace Ontraport.Mcp.Server.Hosting.Authentication;

/// <summary>
/// The base of the schemes whose account the request itself decides (sandbox, account, passthrough): endpoint access
/// tokens first (<see cref="EndpointTokens"/>), then the mode's <see cref="ResolveAccount"/>. A success fills the request's
/// <see cref="CallContext"/>; a failure is a 401 whose <c>WWW-Authenticate</c> and JSON-RPC body say what to send.
/// </summary>
/// <remarks>
/// The base handler's own lines ("was not authenticated", twice per request, and "was challenged", at Information) say
/// nothing the request's one log line and its audit record do not: it gets no logger.
/// </remarks>
public abstract class CallAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, UrlEncoder encoder, EndpointTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, NullLoggerFactory.Instance, encoder)
{
    /// <summary>The claim naming the Ontraport account (App ID) a request acts on.</summary>
    public const string AppIdClaim = "ontraport_app_id";

    public const string Challenge = "Bearer realm=\"ontraport-mcp\"";

    /// <summary>The endpoint access tokens in force (an empty list when none are configured).</summary>
    protected EndpointTokens Tokens => tokens;

    /// <summary>The account this mode gives the request, or why it gives none (a message for the 401 body).</summary>
    protected abstract (OntraportCredentials? Credentials, string? Problem) ResolveAccount();

    protected static (OntraportCredentials?, string?) Refuse(string problem) => (null, problem);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (credentials, problem) = tokens.Check(Request.Headers.Authorization.ToString()) is { } refused ? (null, refused) : ResolveAccount();
        if (credentials is null)
        {
            return Task.FromResult(AuthenticateResult.Fail(problem ?? "Unauthorized: send credentials."));
        }

        CallContext.Of(Context).Authenticate(credentials, McpHttpErrors.Shorten(Request.Headers.UserAgent.ToString(), 100));
        var identity = new ClaimsIdentity([new Claim(AppIdClaim, credentials.AppId)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var problem = result.Failure?.Message ?? "Unauthorized: send credentials.";
        McpHttpErrors.AuditRefusal(Context, "refused: 401 " + problem);
        Context.Items[ServerLogging.CallSummaryKey] = "refused: 401 " + McpHttpErrors.Shorten(problem, 120); // the request's one log line says why
        Response.Headers.WWWAuthenticate = Challenge;
        await McpHttpErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, problem);
    }
}
