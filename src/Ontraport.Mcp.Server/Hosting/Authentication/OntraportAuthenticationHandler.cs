using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ontraport.Mcp.Server.Hosting.Authentication;

/// <summary>
/// The MCP endpoint's own authentication scheme: endpoint access tokens (<c>ONTRAPORT_MCP_ACCESS_TOKENS</c>) and the
/// account each request acts on (the sandbox, the configured account, or passthrough credentials). A success puts a
/// <see cref="RequestAccount"/> on the request; a failure is a 401 whose <c>WWW-Authenticate</c> and JSON-RPC body say
/// what to send. Other schemes (OAuth access tokens) sit beside it behind the same authorization policy.
/// </summary>
/// <remarks>
/// The base handler's own lines ("was not authenticated", twice per request, and "was challenged", at Information) say
/// nothing the request's one log line and its audit record do not: it gets no logger.
/// </remarks>
public sealed class OntraportAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    UrlEncoder encoder,
    RequestCredentials credentials)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, NullLoggerFactory.Instance, encoder)
{
    public const string SchemeName = "Ontraport";

    /// <summary>The claim naming the Ontraport account (App ID) a request acts on.</summary>
    public const string AppIdClaim = "ontraport_app_id";

    private RequestCredentials.Resolution _resolution;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        _resolution = credentials.Resolve(Context);
        if (_resolution.Problem is { } problem)
        {
            return Task.FromResult(AuthenticateResult.Fail(problem));
        }

        var account = new RequestAccount(_resolution.Credentials!);
        Context.Features.Set(account);
        var identity = new ClaimsIdentity([new Claim(AppIdClaim, account.Credentials.AppId)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var problem = result.Failure?.Message ?? "Unauthorized: send credentials.";
        McpHttpErrors.AuditRefusal(Context, "refused: 401 " + problem);
        Context.Items[ServerLogging.CallSummaryKey] = "refused: 401 " + McpHttpErrors.Shorten(problem, 120); // the request's one log line says why
        Response.Headers.WWWAuthenticate = _resolution.Challenge ?? RequestCredentials.Challenge;
        await McpHttpErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, problem);
    }
}
