using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Ontraport.Mcp.Server.OAuth;

namespace Ontraport.Mcp.Server.Hosting.Authentication;

/// <summary>
/// One authentication scheme per <see cref="ServerMode"/>, each filling the request's <see cref="CallContext"/> (account,
/// client, allowance). The MCP endpoint's policy and the default scheme are the mode's, chosen from the settings when the
/// container is built. Adding a mode: a member of <see cref="ServerMode"/>, its handler, and one line in each switch below.
/// </summary>
public static class AuthenticationModes
{
    /// <summary>The scheme that authenticates the MCP endpoint in <paramref name="mode"/>.</summary>
    public static string SchemeOf(ServerMode mode) => mode switch
    {
        ServerMode.Sandbox => SandboxAuthenticationHandler.SchemeName,
        ServerMode.Account => AccountAuthenticationHandler.SchemeName,
        ServerMode.Passthrough => PassthroughAuthenticationHandler.SchemeName,
        ServerMode.OAuth => OAuthAuthenticationHandler.SchemeName,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "no authentication scheme for this mode"),
    };

    public static WebApplicationBuilder AddCallAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<EndpointTokens>();
        var authentication = services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, SandboxAuthenticationHandler>(SandboxAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AccountAuthenticationHandler>(AccountAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, PassthroughAuthenticationHandler>(PassthroughAuthenticationHandler.SchemeName, null);

        // The OAuth module (authorization server, store, its token scheme) is wired only in oauth mode, read before the
        // container is built because it adds services of its own.
        if (ServerSettings.IsOAuthMode(builder.Configuration))
        {
            services.AddOntraportOAuth(builder.Configuration);
            authentication.AddScheme<AuthenticationSchemeOptions, OAuthAuthenticationHandler>(OAuthAuthenticationHandler.SchemeName, null);
        }

        services.AddOptions<AuthenticationOptions>().Configure<ServerSettings>((options, settings) => options.DefaultScheme = SchemeOf(settings.Mode));
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<ServerSettings>((options, settings) =>
            options.AddPolicy(McpEndpoint.AuthorizationPolicy, policy => policy.AddAuthenticationSchemes(SchemeOf(settings.Mode)).RequireAuthenticatedUser()));
        return builder;
    }
}
