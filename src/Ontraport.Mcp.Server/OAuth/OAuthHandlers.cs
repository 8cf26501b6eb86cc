using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.AspNetCore.Authentication;
using ModelContextProtocol.Protocol;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Validation;
using OpenIddict.Validation.AspNetCore;
using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// The SDK's MCP authentication handler (RFC 9728 metadata, <c>WWW-Authenticate</c> with <c>resource_metadata</c>),
/// with the scope added to the challenge (MCP authorization: the client requests what the server names),
/// <c>error="invalid_token"</c> when a token was sent and refused, and a JSON-RPC error body that says what to do, as
/// the other modes' 401 has: some clients show only the body (the MCP Inspector: "Error POSTing to endpoint: …").
/// </summary>
internal sealed class OAuthChallengeHandler(IOptionsMonitor<McpAuthenticationOptions> options, ILoggerFactory logger, System.Text.Encodings.Web.UrlEncoder encoder,
    ValidatedTokens validated, OAuthGrantResolver grants)
    : McpAuthenticationHandler(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>
    /// A token validated before (<see cref="ValidatedTokens"/>) whose grant still holds is accepted from memory; any other
    /// goes through OpenIddict's validation (and <see cref="GrantCheck"/>), and is remembered when accepted.
    /// </summary>
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var token = header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..].Trim() : null;
        if (token is { Length: > 0 } && validated.Find(token) is { } known && OAuthGrantResolver.GrantIdOf(known) is { } grantId)
        {
            if (await grants.GetActiveAsync(grantId, Context.RequestAborted) is not { } grant)
            {
                return AuthenticateResult.Fail("This sign-in was revoked or its Ontraport key stopped working; connect again.");
            }

            Context.Features.Set(grant); // read once per call: whoever serves the request takes it from here
            return AuthenticateResult.Success(new AuthenticationTicket(known, OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme));
        }

        var result = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (result.Succeeded && token is { Length: > 0 })
        {
            validated.Keep(token, result.Principal);
        }

        return result;
    }

    public const string SignInMessage = "Unauthorized: sign in first. This server signs clients in with OAuth: add it to your AI client as a remote MCP server " +
        "(its address ending in /mcp) and sign in with your Ontraport App ID and API key when the client asks.";

    public const string RefusedMessage = "Unauthorized: the access token was refused (it expired, was revoked, or its Ontraport key stopped working). " +
        "Sign in again from your AI client.";

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        await base.HandleChallengeAsync(properties);
        var tokenSent = Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        var values = Response.Headers.WWWAuthenticate.ToArray();
        var index = Array.FindLastIndex(values, v => v is not null && v.Contains("resource_metadata=", StringComparison.Ordinal));
        if (index >= 0)
        {
            values[index] += $", scope=\"{OAuthSettings.Scope}\"" + (tokenSent ? ", error=\"invalid_token\"" : string.Empty);
            Response.Headers[HeaderNames.WWWAuthenticate] = values;
        }

        if (!Response.HasStarted)
        {
            // The JSON-RPC error shape of the SDK (and of the host's other refusals), so a client reads every 401 the same way.
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.ContentType = "application/json";
            var error = new JsonRpcError { Error = new JsonRpcErrorDetail { Code = -32000, Message = tokenSent ? RefusedMessage : SignInMessage } };
            try
            {
                await JsonSerializer.SerializeAsync(Response.Body, error, McpJsonUtilities.DefaultOptions, Context.RequestAborted);
            }
            catch (OperationCanceledException) when (Context.RequestAborted.IsCancellationRequested)
            {
                // The client went away: nobody is left to answer.
            }
        }
    }
}

/// <summary>
/// Runs after OpenIddict has validated an access token: its grant must still be active (not revoked, key not rejected).
/// The answer comes from <see cref="OAuthGrantResolver"/>'s cache, so the check costs no database round trip per call; the
/// grant it found stays on the request for the endpoint (<see cref="OAuthGrantResolver.ActiveGrantOf"/>).
/// </summary>
internal sealed class GrantCheck(OAuthGrantResolver resolver) : IOpenIddictValidationHandler<OpenIddictValidationEvents.ProcessAuthenticationContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<OpenIddictValidationEvents.ProcessAuthenticationContext>()
            .UseSingletonHandler<GrantCheck>()
            .SetOrder(OpenIddictValidationHandlers.ValidateAccessToken.Descriptor.Order + 500)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(OpenIddictValidationEvents.ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.AccessTokenPrincipal is not { } principal)
        {
            return;
        }

        if (OAuthGrantResolver.GrantIdOf(principal) is not { } grantId || await resolver.GetActiveAsync(grantId, context.CancellationToken) is not { } grant)
        {
            context.Reject(Errors.InvalidToken, "This sign-in was revoked or its Ontraport key stopped working; connect again.");
            return;
        }

        // The grant is read once per call: whoever serves the request takes it from here (OAuthGrantResolver.ActiveGrantOf).
        context.Transaction.GetHttpRequest()?.HttpContext.Features.Set(grant);
    }
}

/// <summary>
/// RFC 7009: revoking any token of a grant ends that whole grant (all its tokens) — "disconnect" means it. Only that
/// grant: another person's consent on the same client and account is another grant.
/// </summary>
internal sealed class RevokeWholeGrant(OAuthGrantResolver resolver) : IOpenIddictServerHandler<OpenIddictServerEvents.HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.HandleRevocationRequestContext>()
            .UseSingletonHandler<RevokeWholeGrant>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(OpenIddictServerEvents.HandleRevocationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (OAuthGrantResolver.GrantIdOf(context.GenericTokenPrincipal) is { } grantId)
        {
            await resolver.RevokeAsync(grantId, GrantStore.RevokedByClient, context.CancellationToken);
        }
    }
}

/// <summary>
/// A refresh token presented again after it was redeemed (the reuse leeway is zero) may have leaked. OpenIddict revokes
/// its chain of tokens but keeps the authorization; we end the whole grant, so every access token of it is refused at its
/// next call on every instance by the grant check (<see cref="GrantCheck"/>), with no store read per call.
/// </summary>
internal sealed class ReplayEndsGrant(IOpenIddictTokenManager tokens, OAuthGrantResolver resolver) : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ValidateTokenContext>()
            .UseScopedHandler<ReplayEndsGrant>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(OpenIddictServerEvents.ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal is not { } principal || principal.GetTokenType() is not TokenTypeIdentifiers.RefreshToken || context.TokenId is not { Length: > 0 } tokenId)
        {
            return;
        }

        if (await tokens.FindByIdAsync(tokenId, context.CancellationToken) is { } token
            && await tokens.HasStatusAsync(token, Statuses.Redeemed, context.CancellationToken)
            && OAuthGrantResolver.GrantIdOf(principal) is { } grantId)
        {
            await resolver.RevokeAsync(grantId, GrantStore.RevokedByReplay, context.CancellationToken); // OpenIddict then refuses it (invalid_grant)
        }
    }
}

/// <summary>Adds what OpenIddict does not know about to the RFC 8414 metadata: our registration endpoint and CIMD support.</summary>
internal sealed class AdvertiseRegistration(OAuthSettings settings) : IOpenIddictServerHandler<OpenIddictServerEvents.HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.HandleConfigurationRequestContext>()
            .UseSingletonHandler<AdvertiseRegistration>()
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(OpenIddictServerEvents.HandleConfigurationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Metadata["registration_endpoint"] = new Uri(settings.PublicUrl, "oauth/register").AbsoluteUri;
        context.Metadata["client_id_metadata_document_supported"] = true;
        // Public clients (PKCE, no secret) are what Claude, ChatGPT and native apps register as.
        foreach (var methods in new[] { context.TokenEndpointAuthenticationMethods, context.RevocationEndpointAuthenticationMethods })
        {
            if (!methods.Contains(ClientAuthenticationMethods.None))
            {
                methods.Add(ClientAuthenticationMethods.None);
            }
        }

        context.CodeChallengeMethods.Clear();
        context.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// RFC 7636 §4.2: an S256 <c>code_challenge</c> is BASE64URL(SHA-256(verifier)), so 43 characters of A–Z, a–z, 0–9,
/// '-' and '_' (and never more than the 128 a verifier may have). OpenIddict stores any string; one no verifier can match
/// would reach the consent page, cost a key check upstream and issue a code nobody can redeem.
/// </summary>
internal sealed class CheckCodeChallenge : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<CheckCodeChallenge>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateProofKeyForCodeExchangeRequirement.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static bool IsWellFormed(string? challenge) =>
        challenge is { Length: >= 43 and <= 128 } && challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public ValueTask HandleAsync(OpenIddictServerEvents.ValidateAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsWellFormed(context.Request.CodeChallenge))
        {
            context.Reject(Errors.InvalidRequest,
                "code_challenge must be 43 to 128 characters of A-Z, a-z, 0-9, '-' and '_': the base64url SHA-256 of the code_verifier, without padding (RFC 7636 §4.2).");
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Every code and refresh grant gets a (rotating) refresh token, whether or not the client asked for
/// <c>offline_access</c>: OpenIddict issues one only with that scope, and MCP clients (the TypeScript SDK) ask only for
/// the scope the server names and then refresh. The granted scope stays what the client asked for (RFC 6749 §3.3), so the
/// token response's <c>scope</c> says <c>offline_access</c> only when it was requested.
/// </summary>
internal sealed class IssueRefreshTokens : IOpenIddictServerHandler<OpenIddictServerEvents.ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ProcessSignInContext>()
            .UseSingletonHandler<IssueRefreshTokens>()
            .SetOrder(OpenIddictServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(OpenIddictServerEvents.ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EndpointType == OpenIddictServerEndpointType.Token && (context.Request.IsAuthorizationCodeGrantType() || context.Request.IsRefreshTokenGrantType()))
        {
            context.GenerateRefreshToken = true;
            context.IncludeRefreshToken = true;
        }

        return ValueTask.CompletedTask;
    }
}
