using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Ontraport.Client;

namespace Ontraport.Mcp.Server.Hosting.Authentication;

/// <summary>
/// <see cref="ServerMode.Passthrough"/>: each request brings its account's own credentials, as Ontraport's hosted server
/// accepts them: <c>Api-Appid</c> and <c>Api-Key</c> headers, or (without endpoint tokens) <c>Authorization: Bearer
/// &lt;app-id&gt;:&lt;api-key&gt;</c>.
/// </summary>
public sealed class PassthroughAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, UrlEncoder encoder, EndpointTokens tokens)
    : CallAuthenticationHandler(options, encoder, tokens)
{
    public const string SchemeName = "OntraportPassthrough";

    /// <summary>Longer than any Ontraport App ID or API key by far; anything longer is not one.</summary>
    public const int MaxCredentialLength = 256;

    protected override (OntraportCredentials? Credentials, string? Problem) ResolveAccount()
    {
        var appId = Request.Headers["Api-Appid"].ToString().Trim();
        var apiKey = Request.Headers["Api-Key"].ToString().Trim();
        if (appId.Length > 0 && apiKey.Length > 0)
        {
            return Checked(appId, "the 'Api-Appid' header", apiKey, "the 'Api-Key' header");
        }

        if (!Tokens.Required && EndpointTokens.TryBearer(Request.Headers.Authorization.ToString(), out var pair))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon < pair.Length - 1)
            {
                return Checked(pair[..colon].Trim(), "the app id in 'Authorization: Bearer <app-id>:<api-key>'",
                    pair[(colon + 1)..].Trim(), "the API key in 'Authorization: Bearer <app-id>:<api-key>'");
            }

            return Refuse("Unauthorized: in passthrough mode 'Authorization: Bearer' carries '<app-id>:<api-key>'. Send your Ontraport App ID and API key that way, or as 'Api-Appid' and 'Api-Key' headers.");
        }

        return Refuse(Tokens.Required
            ? "Unauthorized: send your Ontraport credentials in the 'Api-Appid' and 'Api-Key' headers."
            : "Unauthorized: send your Ontraport credentials as 'Api-Appid' and 'Api-Key' headers, or as 'Authorization: Bearer <app-id>:<api-key>'.");
    }

    /// <summary>
    /// Credentials Ontraport could receive: HTTP header values sent as printable ASCII. Anything else (an accented letter,
    /// a control character, a pasted paragraph) is refused here, before a request is built: HttpClient would throw on it
    /// ("Request headers must contain only ASCII characters"), which the resilience pipeline reads as an outage and retries.
    /// </summary>
    public static string? CredentialProblem(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxCredentialLength)
        {
            return $"Unauthorized: {what} is {value.Length:N0} characters long; an Ontraport App ID or API key is at most {MaxCredentialLength}. Copy it again from Ontraport (Administration → Integrations → Ontraport API).";
        }

        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return $"Unauthorized: {what} must be printable ASCII (letters, digits and punctuation; no spaces, control characters or accented letters). Copy it again from Ontraport (Administration → Integrations → Ontraport API).";
            }
        }

        return null;
    }

    private static (OntraportCredentials?, string?) Checked(string appId, string appIdWhere, string apiKey, string apiKeyWhere) =>
        (CredentialProblem(appId, appIdWhere) ?? CredentialProblem(apiKey, apiKeyWhere)) is { } problem
            ? Refuse(problem)
            : (new OntraportCredentials(appId, apiKey), null);
}
