using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// OpenIddict's application manager with one rule changed: a loopback redirect URI matches a registered one whatever
/// its port (RFC 8252 §7.3, native apps listen on a port the system picks). Everything else matches exactly.
/// </summary>
public sealed class OAuthApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    public override async ValueTask<bool> ValidateRedirectUriAsync(OpenIddictEntityFrameworkCoreApplication application, string uri, CancellationToken cancellationToken = default)
    {
        if (await base.ValidateRedirectUriAsync(application, uri, cancellationToken))
        {
            return true;
        }

        foreach (var registered in await GetRedirectUrisAsync(application, cancellationToken))
        {
            if (OAuthInput.RedirectMatches(registered, uri))
            {
                return true;
            }
        }

        return false;
    }
}
