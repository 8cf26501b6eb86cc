using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol.AspNetCore.Authentication;
using ModelContextProtocol.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>Names the host uses to protect the MCP endpoint in oauth mode.</summary>
public static class OAuthDefaults
{
    /// <summary>
    /// The scheme of OAuth access tokens on the MCP endpoint: the SDK's MCP handler (metadata and challenge), whose
    /// authentication is OpenIddict's validation of our own tokens plus the grant check.
    /// </summary>
    public const string AuthenticationScheme = "OntraportOAuth";

    /// <summary>An authorization policy that requires a valid OAuth access token for this server's resource.</summary>
    public const string Policy = "OntraportOAuth";
}

/// <summary>Wires oauth mode (DESIGN §7): call <see cref="AddOntraportOAuth"/> and <see cref="MapOntraportOAuth"/>.</summary>
public static class OAuthServiceCollectionExtensions
{
    /// <summary>
    /// The authorization server (OpenIddict with our consent, registration and metadata documents), its store and the
    /// <see cref="OAuthDefaults.AuthenticationScheme"/> for access tokens. Needs <c>OntraportClientFactory</c> (the
    /// host's Ontraport client) and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddOntraportOAuth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = OAuthSettings.Load(configuration);
        services.AddSingleton(settings);
        services.AddMemoryCache();
        services.AddSingleton<OAuthGrantResolver>();
        services.AddSingleton<ValidatedTokens>();
        services.AddSingleton<KeyCheckLimit>();
        services.AddSingleton<ClientDocumentState>();
        services.AddScoped<GrantStore>();
        services.AddScoped<ClientRegistry>();
        services.AddSingleton<IStartupFilter, OAuthRequestLimitsStartup>();
        OAuthRegistrationLimit.AddTo(services);
        services.AddHttpClient(ClientRegistry.MetadataHttpClient, http =>
            {
                http.Timeout = Timeout.InfiniteTimeSpan; // the fetch's own deadline covers it all, body too (ClientRegistry.FetchDeadline)
                http.MaxResponseContentBufferSize = OAuthInput.MaxMetadataDocumentBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(() => MetadataFetchHandler.Create());

        var dataProtection = services.AddDataProtection()
            .SetApplicationName("ontraport-mcp")
            .PersistKeysToFileSystem(new DirectoryInfo(settings.KeyRingDirectory)); // the host moves it to Redis when several instances share it
        if (settings.KeyRingCertificate is { } certificate)
        {
            // Encrypted at rest wherever it is kept; the same certificate decrypts it (on every instance).
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        services.AddAntiforgery(options =>
        {
            options.FormFieldName = ConsentPage.CsrfField;
            options.Cookie.Name = settings.RequiresHttps ? "__Host-ontraport-mcp-csrf" : "ontraport-mcp-csrf";
            options.Cookie.Path = "/";
            options.Cookie.SecurePolicy = settings.RequiresHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
        });

        if (settings.Store == OAuthStoreKind.PostgreSql)
        {
            services.AddDbContext<OAuthDbContext, PostgreSqlOAuthDbContext>(options => options.UseNpgsql(settings.ConnectionString).UseOpenIddict());
        }
        else
        {
            services.AddDbContext<OAuthDbContext, SqliteOAuthDbContext>(options => options.UseSqlite(settings.ConnectionString).UseOpenIddict());
        }

        // Before the server takes requests: hosted services start before Kestrel, and a failed migration stops the start.
        services.AddHostedService<OAuthStoreMigration>();

        var resource = settings.Resource.AbsoluteUri;
        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<OAuthDbContext>();
                core.ReplaceApplicationManager<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication, OAuthApplicationManager>();
            })
            .AddServer(server =>
            {
                server.SetIssuer(new Uri(settings.Issuer));
                server.SetAuthorizationEndpointUris("oauth/authorize")
                    .SetTokenEndpointUris("oauth/token")
                    .SetRevocationEndpointUris("oauth/revoke")
                    .SetConfigurationEndpointUris(".well-known/oauth-authorization-server", ".well-known/openid-configuration")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks");
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().RequireProofKeyForCodeExchange();
                server.RegisterScopes(OAuthSettings.Scope, Scopes.OfflineAccess);
                server.RegisterResources(resource, resource + "/");
                server.IgnoreResourcePermissions();
                server.SetAccessTokenLifetime(settings.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(settings.RefreshTokenLifetime)
                    .SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(5))
                    .SetRefreshTokenReuseLeeway(TimeSpan.Zero); // a spent refresh token is refused at once (rotation)

                // Every token we issue is data-protected (opaque; only ids and states are stored). These keys would only
                // sign identity tokens, which this server never issues (no openid scope), so instances need not share
                // them: codes, access and refresh tokens cross instances on the shared key ring (OAuthPostgresFlowTests).
                server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                server.UseDataProtection();
                var aspNet = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough();
                if (!settings.RequiresHttps)
                {
                    aspNet.DisableTransportSecurityRequirement(); // http only for a localhost public URL
                }

                server.Configure(options =>
                {
                    options.CodeChallengeMethods.Clear();
                    options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });
                server.AddEventHandler(CheckCodeChallenge.Descriptor);
                server.AddEventHandler(IssueRefreshTokens.Descriptor);
                server.AddEventHandler(RevokeWholeGrant.Descriptor);
                server.AddEventHandler(ReplayEndsGrant.Descriptor);
                server.AddEventHandler(AdvertiseRegistration.Descriptor);
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseDataProtection();
                validation.UseAspNetCore();
                validation.AddAudiences(resource);
                // No store read per call (issue 22): a token's grant is checked in memory (GrantCheck, OAuthGrantResolver),
                // and whatever ends a grant (revocation, a refused key, a replayed refresh token: ReplayEndsGrant) clears
                // that cache here at once and on the other instances through IGrantRevocationChannel (Redis pub/sub), or
                // within the cache's lifetime without one. Expiry is in the token itself and checked on every call.

                validation.AddEventHandler(GrantCheck.Descriptor);
            });

        services.AddAuthentication()
            .AddScheme<McpAuthenticationOptions, OAuthChallengeHandler>(OAuthDefaults.AuthenticationScheme, "Ontraport OAuth", options =>
            {
                // Authentication is the handler's own (the SDK's options forward it to "Bearer" by default): from
                // ValidatedTokens when it can, else OpenIddict's validation.
                options.ForwardAuthenticate = null;
                options.ResourceMetadataUri = new Uri(settings.PublicUrl, ".well-known/oauth-protected-resource/mcp");
                options.ResourceMetadata = new ProtectedResourceMetadata
                {
                    Resource = resource,
                    AuthorizationServers = [settings.Issuer],
                    ScopesSupported = [OAuthSettings.Scope],
                    BearerMethodsSupported = ["header"],
                    ResourceName = "Ontraport MCP server",
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(OAuthDefaults.Policy, policy => policy
                .AddAuthenticationSchemes(OAuthDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser());
        return services;
    }

    /// <summary>
    /// Maps the OAuth endpoints, with ASP.NET Core's rate limiter in front of those that carry a limit (the store's
    /// schema is migrated on start by <see cref="OAuthStoreMigration"/>). Call after
    /// <c>UseAuthentication</c> / <c>UseAuthorization</c> are in the pipeline (or before them with minimal hosting, which
    /// adds them itself).
    /// </summary>
    public static WebApplication MapOntraportOAuth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.Services.GetRequiredService<OAuthSettings>();
        app.UseRateLimiter(); // after routing: the limits sit on the endpoints (RequireRateLimiting), whatever the path's spelling
        OAuthEndpoints.Map(app, settings);
        return app;
    }
}
