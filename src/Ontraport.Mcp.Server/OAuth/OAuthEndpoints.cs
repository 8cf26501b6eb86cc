using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Ontraport.Client;
using Ontraport.Mcp.Server.Tools;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// The HTTP side of the authorization server that OpenIddict leaves to us: the consent page behind the authorization
/// endpoint, the token endpoint's last check of the grant, dynamic client registration and the operator endpoints.
/// </summary>
internal static class OAuthEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, OAuthSettings settings)
    {
        endpoints.MapMethods("/oauth/authorize", ["GET", "POST"], AuthorizeAsync).DisableAntiforgery();
        endpoints.MapPost("/oauth/token", TokenAsync).DisableAntiforgery();
        endpoints.MapPost("/oauth/register", RegisterAsync).DisableAntiforgery().RequireRateLimiting(OAuthRegistrationLimit.Policy);
        if (settings.AdminToken is not null)
        {
            endpoints.MapGet("/oauth/admin/grants", ListGrantsAsync);
            endpoints.MapPost("/oauth/admin/grants/{grantId}/revoke", RevokeGrantAsync).DisableAntiforgery();
        }
    }

    private static async Task<IResult> AuthorizeAsync(
        HttpContext http,
        IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations,
        IAntiforgery antiforgery,
        OntraportClientFactory ontraport,
        GrantStore grants,
        OAuthSettings settings,
        KeyCheckLimit keyChecks,
        ILoggerFactory loggers)
    {
        var request = http.GetOpenIddictServerRequest();
        if (request?.ClientId is null || request.RedirectUri is null)
        {
            return Page(400, "<p>This is not a valid authorization request. Start the connection again from your AI client.</p>");
        }

        var application = await applications.FindByClientIdAsync(request.ClientId, http.RequestAborted);
        if (application is null)
        {
            return Page(400, "<p>The client is not registered with this server. Start the connection again from your AI client.</p>");
        }

        var clientName = await applications.GetDisplayNameAsync(application, http.RequestAborted) ?? request.ClientId;
        var redirectHost = RedirectHostOf(request.RedirectUri);
        if (HttpMethods.IsGet(http.Request.Method))
        {
            var parameters = http.Request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? string.Empty)));
            return Consent(200, http, antiforgery, new(clientName, request.ClientId, redirectHost, Carried(parameters), string.Empty, RedirectUri: request.RedirectUri));
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var carried = Carried(form.SelectMany(f => f.Value.Select(v => KeyValuePair.Create(f.Key, v ?? string.Empty))));
        var model = new ConsentPage.Model(clientName, request.ClientId, redirectHost, carried, string.Empty, RedirectUri: request.RedirectUri);
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Page(400, "<p>This form expired or did not come from this server (its CSRF token is missing or wrong). Start the connection again from your AI client.</p>");
        }

        if (form["decision"] == "deny")
        {
            return Results.Forbid(Properties(Errors.AccessDenied, "The user denied access."), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var appId = form["app_id"].ToString().Trim();
        var apiKey = form["api_key"].ToString().Trim();
        var readOnly = form["access"].ToString() switch
        {
            "read_write" => (bool?)false,
            "read_only" or "" => true,
            _ => null,
        };
        var toolsets = form["toolsets"].Select(t => t ?? string.Empty).ToList();
        var money = form["money"].ToString() is "on" or "true";
        var problem = OAuthInput.CheckAppId(appId) ?? OAuthInput.CheckApiKey(apiKey)
            ?? (readOnly is null ? "Choose read only or read and change (access)." : null)
            ?? (form["app_id"].Count > 1 || form["api_key"].Count > 1 ? "Send app_id and api_key once each." : null)
            ?? (toolsets.Count == 0 ? "Tick at least one tool group (toolsets)." : null)
            ?? (toolsets.FirstOrDefault(t => !Toolsets.All.Contains(t)) is { } unknown ? $"toolsets: '{OAuthInput.Shorten(unknown)}' is not one of {string.Join(", ", Toolsets.All)}." : null)
            ?? (money && readOnly == true ? "Commerce writes (money) need read and change access; untick money or choose read and change." : null)
            ?? (money && !toolsets.Contains(Toolsets.Commerce) ? "Commerce writes (money) need the Commerce tool group; tick it or untick money." : null);
        if (problem is not null)
        {
            return Consent(400, http, antiforgery, model with { Error = problem, AppId = OAuthInput.CheckAppId(appId) is null ? appId : null });
        }

        // The check below spends the tenant's Ontraport rate limit, right key or wrong: limited per address and per App ID.
        var (refusal, retryAfter) = keyChecks.TryAcquire(ClientAddress.PartitionOf(http), appId);
        if (refusal is not null)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Consent(StatusCodes.Status429TooManyRequests, http, antiforgery, model with { Error = refusal, AppId = appId });
        }

        var credentials = new OntraportCredentials(appId, apiKey);
        try
        {
            // One cheap request proves the pair before anything is issued: the contact object's field metadata.
            await ontraport.Create(credentials).Objects.GetMetaAsync(0, http.RequestAborted);
        }
        catch (OntraportException ex) when (ex.Kind == OntraportErrorKind.Unauthorized)
        {
            if (keyChecks.ShouldLogRefusal(appId, out var held))
            {
                LogKeyRefused(loggers.CreateLogger(typeof(ConsentPage)), appId, held);
            }

            return Consent(400, http, antiforgery, model with { Error = "Ontraport did not accept this App ID and API key. Check both in Ontraport's API Key Manager and try again.", AppId = appId });
        }
        catch (OntraportException)
        {
            return Consent(502, http, antiforgery, model with { Error = "Ontraport could not be reached to check the key. Try again in a minute.", AppId = appId });
        }

        var allowance = new ToolAllowance(readOnly!.Value, new HashSet<string>(toolsets, StringComparer.OrdinalIgnoreCase), money);
        var grant = await grants.CreateAsync(request.ClientId, clientName, credentials, allowance, http.RequestAborted);

        // The tokens name this consent's own grant as their subject and belong to its own authorization, so nothing done
        // to another grant (another person's consent, a revocation) reaches them.
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, grant.Id);
        identity.SetClaim(Claims.Name, clientName + " / " + appId);
        identity.SetDestinations(claim => [Destinations.AccessToken]);
        var principal = new ClaimsPrincipal(identity);
        // What was granted is what was asked for (RFC 6749 §3.3): our one scope, and offline_access only when requested.
        // (Refresh tokens are issued either way, see IssueRefreshTokens.) No scope at all gets the default, ours.
        principal.SetScopes(request.HasScope(Scopes.OfflineAccess) ? [OAuthSettings.Scope, Scopes.OfflineAccess] : [OAuthSettings.Scope]);
        principal.SetResources(settings.Resource.ToString());

        var authorization = await authorizations.CreateAsync(principal, grant.Id,
            await applications.GetIdAsync(application, http.RequestAborted) ?? string.Empty,
            AuthorizationTypes.Permanent, principal.GetScopes(), http.RequestAborted);
        var authorizationId = await authorizations.GetIdAsync(authorization, http.RequestAborted);
        await grants.SetAuthorizationAsync(grant, authorizationId!, http.RequestAborted);
        principal.SetAuthorizationId(authorizationId);
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, OAuthGrantResolver resolver, GrantStore grants)
    {
        var request = http.GetOpenIddictServerRequest();
        if (request is null || !(request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType()))
        {
            return Results.Forbid(Properties(Errors.UnsupportedGrantType, "Only authorization_code and refresh_token are supported."), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var grantId = OAuthGrantResolver.GrantIdOf(result.Principal);
        if (result.Principal is null || grantId is null || await resolver.GetActiveAsync(grantId, http.RequestAborted) is null)
        {
            return Results.Forbid(Properties(Errors.InvalidGrant, "This sign-in was revoked or its Ontraport key stopped working; connect again."), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        await grants.MarkUsedAsync(grantId, http.RequestAborted);
        return Results.SignIn(new ClaimsPrincipal(result.Principal.Identities), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> RegisterAsync(HttpContext http, ClientRegistry registry, TimeProvider time)
    {
        if (http.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return RegistrationError("invalid_client_metadata", "Send the registration as a JSON object with Content-Type: application/json (RFC 7591 §3.1).");
        }

        byte[] body;
        try
        {
            body = await OAuthRequestLimits.ReadBodyAsync(http, OAuthInput.MaxRegistrationBytes);
        }
        catch (Exception ex) when (ex is InvalidDataException || ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            // Ours (over 16 KiB) or Kestrel's (over the 32 KiB every OAuth body may have, OAuthRequestLimits): a chunked body
            // is found too large only while it is read.
            return RegistrationError("invalid_client_metadata", $"The registration is larger than {OAuthInput.MaxRegistrationBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        if (!ClientRegistry.IsUtf8(body))
        {
            return RegistrationError("invalid_client_metadata", "The registration is not valid UTF-8 text; send the JSON encoded as UTF-8 (RFC 8259 §8.1).");
        }

        ClientMetadata? metadata;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var (parsed, error, description) = ClientRegistry.Parse(document.RootElement, isMetadataDocument: false);
            if (parsed is null)
            {
                return RegistrationError(error!, description!);
            }

            metadata = parsed;
        }
        catch (JsonException)
        {
            return RegistrationError("invalid_client_metadata", "The body is not valid JSON.");
        }

        var registered = await registry.RegisterAsync(metadata, http.RequestAborted);
        var answer = new Dictionary<string, object?>
        {
            ["client_id"] = registered.ClientId,
            ["client_id_issued_at"] = time.GetUtcNow().ToUnixTimeSeconds(),
            ["client_name"] = metadata.ClientName,
            ["redirect_uris"] = metadata.RedirectUris,
            ["grant_types"] = new[] { GrantTypes.AuthorizationCode, GrantTypes.RefreshToken },
            ["response_types"] = new[] { ResponseTypes.Code },
            ["token_endpoint_auth_method"] = metadata.TokenEndpointAuthMethod,
            ["scope"] = OAuthSettings.Scope,
        };
        if (registered.ClientSecret is not null)
        {
            answer["client_secret"] = registered.ClientSecret;
            answer["client_secret_expires_at"] = 0;
        }

        return Results.Json(answer, statusCode: 201);
    }

    private static async Task<IResult> ListGrantsAsync(HttpContext http, GrantStore grants, OAuthSettings settings)
    {
        if (!IsOperator(http, settings))
        {
            return Results.Json(new { error = "Send Authorization: Bearer <ONTRAPORT_MCP_OAUTH_ADMIN_TOKEN>." }, statusCode: 401);
        }

        var list = await grants.ListAsync(http.RequestAborted);
        return Results.Json(list.Select(g => new
        {
            grant_id = g.Id,
            client_id = g.ClientId,
            client_name = g.ClientName,
            app_id = g.AppId,
            allowance = g.Allowance,
            label = g.KeyHint is null ? null : "key " + g.KeyHint,
            created_at = g.CreatedAt,
            last_used_at = g.LastUsedAt,
            revoked_at = g.RevokedAt,
            revoked_reason = g.RevokedReason,
            credentials_rejected_at = g.CredentialsRejectedAt,
        }));
    }

    private static async Task<IResult> RevokeGrantAsync(HttpContext http, string grantId, OAuthGrantResolver resolver, OAuthSettings settings)
    {
        if (!IsOperator(http, settings))
        {
            return Results.Json(new { error = "Send Authorization: Bearer <ONTRAPORT_MCP_OAUTH_ADMIN_TOKEN>." }, statusCode: 401);
        }

        return await resolver.RevokeAsync(grantId, GrantStore.RevokedByOperator, http.RequestAborted)
            ? Results.Json(new { grant_id = grantId, revoked = true })
            : Results.Json(new { error = $"No grant '{OAuthInput.Shorten(grantId)}'; list them with GET /oauth/admin/grants." }, statusCode: 404);
    }

    private static bool IsOperator(HttpContext http, OAuthSettings settings)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (settings.AdminToken is null || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim())),
            SHA256.HashData(Encoding.UTF8.GetBytes(settings.AdminToken)));
    }

    /// <summary>
    /// Who gets the code, in a few words: the web host (with its port when not the default), or for a native app's own
    /// scheme (RFC 8252 §7.1), which has no meaningful host, "the app that opens scheme: addresses".
    /// </summary>
    private static string RedirectHostOf(string redirectUri)
    {
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var redirect))
        {
            return redirectUri;
        }

        if (redirect.Scheme is not ("https" or "http"))
        {
            return $"the app that opens {redirect.Scheme}: addresses";
        }

        return redirect.IsDefaultPort || OAuthInput.IsLoopbackHost(redirect) ? redirect.Host : redirect.Authority;
    }

    private static List<KeyValuePair<string, string>> Carried(IEnumerable<KeyValuePair<string, string>> parameters) =>
        [.. parameters.Where(p => !ConsentPage.OwnFields.Contains(p.Key))];

    private static IResult Consent(int status, HttpContext http, IAntiforgery antiforgery, ConsentPage.Model model)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        SecurityHeaders(http);
        var sandbox = http.RequestServices.GetService<Microsoft.Extensions.Options.IOptions<OntraportClientOptions>>()?.Value.BaseAddress == Settings.SettingValues.InProcessSandboxBase;
        return Results.Content(ConsentPage.Render(model with { CsrfToken = tokens.RequestToken ?? string.Empty, SandboxUpstream = sandbox }), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static IResult Page(int status, string body) =>
        Results.Content("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Connect to Ontraport</title></head><body><main><h1>Cannot connect</h1>"
            + body + "</main></body></html>", "text/html; charset=utf-8", Encoding.UTF8, status);

    private static void SecurityHeaders(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static AuthenticationProperties Properties(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });

    private static void LogKeyRefused(ILogger logger, string appId, int held) =>
        logger.LogWarning("Consent page: Ontraport refused the key for app id {AppId} ({Held} more refusals for it in the minute before; logged at most once a minute)", appId, held);

    private static IResult RegistrationError(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new { error, error_description = description }, statusCode: status);
}
