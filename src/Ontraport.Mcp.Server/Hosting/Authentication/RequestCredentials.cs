using System.Security.Cryptography;
using System.Text;
using Ontraport.Client;

namespace Ontraport.Mcp.Server.Hosting.Authentication;

/// <summary>
/// Decides, per request, which Ontraport account it acts on (DESIGN §2): the sandbox's demo account, the configured
/// account, or (passthrough) the credentials the request brings. Also checks endpoint access tokens when configured.
/// </summary>
public sealed class RequestCredentials
{
    public const string Challenge = "Bearer realm=\"ontraport-mcp\"";
    private readonly ServerSettings _settings;
    private readonly byte[][] _tokens;

    public RequestCredentials(ServerSettings settings)
    {
        _settings = settings;
        _tokens = [.. settings.AccessTokens.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t)))];
    }

    public readonly record struct Resolution(OntraportCredentials? Credentials, string? Problem, string Challenge);

    public Resolution Resolve(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (_tokens.Length > 0)
        {
            if (!TryBearer(authorization, out var token))
            {
                return Fail("Unauthorized: this server requires an access token. Send 'Authorization: Bearer <access token>' with a token its operator set in ONTRAPORT_MCP_ACCESS_TOKENS.");
            }

            if (!TokenMatches(token))
            {
                return Fail("Unauthorized: the access token is not valid for this server. Send one of the tokens its operator set in ONTRAPORT_MCP_ACCESS_TOKENS, as 'Authorization: Bearer <access token>'.");
            }
        }

        switch (_settings.Mode)
        {
            case ServerMode.Sandbox:
                return new(new OntraportCredentials(ServerSettings.SandboxAppId, ServerSettings.SandboxApiKey), null, Challenge);
            case ServerMode.Account:
                return new(_settings.AccountCredentials, null, Challenge);
            case ServerMode.OAuth:
                // Signed-in requests are the OAuth scheme's; credentials in headers never count in this mode.
                return Fail("Unauthorized: this server signs clients in with OAuth; connect it as a remote MCP server and sign in.");
        }

        // Passthrough: the account's own credentials, as Ontraport's hosted server accepts them.
        var appId = context.Request.Headers["Api-Appid"].ToString().Trim();
        var apiKey = context.Request.Headers["Api-Key"].ToString().Trim();
        if (appId.Length > 0 && apiKey.Length > 0)
        {
            return Checked(appId, "the 'Api-Appid' header", apiKey, "the 'Api-Key' header");
        }

        if (_tokens.Length == 0 && TryBearer(authorization, out var pair))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon < pair.Length - 1)
            {
                return Checked(pair[..colon].Trim(), "the app id in 'Authorization: Bearer <app-id>:<api-key>'",
                    pair[(colon + 1)..].Trim(), "the API key in 'Authorization: Bearer <app-id>:<api-key>'");
            }

            return Fail("Unauthorized: in passthrough mode 'Authorization: Bearer' carries '<app-id>:<api-key>'. Send your Ontraport App ID and API key that way, or as 'Api-Appid' and 'Api-Key' headers.");
        }

        return Fail(_tokens.Length > 0
            ? "Unauthorized: send your Ontraport credentials in the 'Api-Appid' and 'Api-Key' headers."
            : "Unauthorized: send your Ontraport credentials as 'Api-Appid' and 'Api-Key' headers, or as 'Authorization: Bearer <app-id>:<api-key>'.");
    }

    private static Resolution Fail(string problem) => new(null, problem, Challenge);

    /// <summary>Longer than any Ontraport App ID or API key by far; anything longer is not one.</summary>
    public const int MaxCredentialLength = 256;

    /// <summary>
    /// Credentials Ontraport could receive: HTTP header values sent as printable ASCII. Anything else (an accented letter,
    /// a control character, a pasted paragraph) is refused here, before a request is built: HttpClient would throw on it
    /// ("Request headers must contain only ASCII characters"), which the resilience pipeline reads as an outage and retries.
    /// </summary>
    public static string? CredentialProblem(string value, string what)
    {
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

    private static Resolution Checked(string appId, string appIdWhere, string apiKey, string apiKeyWhere) =>
        (CredentialProblem(appId, appIdWhere) ?? CredentialProblem(apiKey, apiKeyWhere)) is { } problem
            ? Fail(problem)
            : new(new OntraportCredentials(appId, apiKey), null, Challenge);

    private static bool TryBearer(string header, out string value)
    {
        const string prefix = "Bearer ";
        if (header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && header.Length > prefix.Length)
        {
            value = header[prefix.Length..].Trim();
            return value.Length > 0;
        }

        value = "";
        return false;
    }

    /// <summary>Compares hashes in constant time, and checks every configured token so timing says nothing about which matched.</summary>
    private bool TokenMatches(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var token in _tokens)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, token);
        }

        return match;
    }
}
