using System.Net;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// The limits and checks of what clients and users send us: registrations, metadata documents and the consent form.
/// Each check returns the message to show (naming the field and the fix), or null when the value is fine.
/// </summary>
public static class OAuthInput
{
    public const int MaxRegistrationBytes = 16 * 1024;
    public const int MaxMetadataDocumentBytes = 16 * 1024;
    public const int MaxFormBytes = 32 * 1024;
    public const int MaxRedirectUris = 10;
    public const int MaxRedirectUriLength = 2000;
    public const int MaxClientNameLength = 200;
    public const int MaxAppIdLength = 64;
    public const int MaxApiKeyLength = 256;

    /// <summary>
    /// A redirect URI a client may register: absolute, no fragment, no user info; https, or http on a loopback address
    /// (RFC 8252 §7.3), or a private-use scheme of a native app (RFC 8252 §7.1, such as com.example.app:/callback).
    /// </summary>
    public static string? CheckRedirectUri(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "redirect_uris must not contain an empty value.";
        }

        if (value.Length > MaxRedirectUriLength)
        {
            return $"each of redirect_uris must be at most {MaxRedirectUriLength} characters.";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || value.Any(char.IsControl) || value.Contains(' ', StringComparison.Ordinal))
        {
            return $"redirect_uris: '{Shorten(value)}' is not an absolute URI.";
        }

        if (uri.Fragment.Length > 0 || value.Contains('#', StringComparison.Ordinal))
        {
            return $"redirect_uris: '{Shorten(value)}' must not have a fragment (#…).";
        }

        if (uri.UserInfo.Length > 0)
        {
            return $"redirect_uris: '{Shorten(value)}' must not carry a user name or password.";
        }

        return uri.Scheme switch
        {
            "https" => null,
            "http" when IsLoopbackHost(uri) => null,
            "http" => $"redirect_uris: '{Shorten(value)}' must use https (http is only for loopback addresses such as http://127.0.0.1:PORT/callback).",
            "javascript" or "data" or "file" or "vbscript" or "blob" or "ftp" or "ws" or "wss" => $"redirect_uris: the scheme '{uri.Scheme}' is not allowed.",
            _ when uri.Scheme.Contains('.', StringComparison.Ordinal) || uri.Scheme.Length >= 3 => null,
            _ => $"redirect_uris: '{Shorten(value)}' has an unusable scheme.",
        };
    }

    /// <summary>RFC 8252 §7.3: a loopback redirect may use any port; everything else must match exactly.</summary>
    public static bool RedirectMatches(string registered, string requested)
    {
        if (string.Equals(registered, requested, StringComparison.Ordinal))
        {
            return true;
        }

        if (!Uri.TryCreate(registered, UriKind.Absolute, out var r) || !Uri.TryCreate(requested, UriKind.Absolute, out var q))
        {
            return false;
        }

        return r.Scheme == Uri.UriSchemeHttp && q.Scheme == Uri.UriSchemeHttp
            && IsLoopbackHost(r) && IsLoopbackHost(q)
            && string.Equals(r.Host, q.Host, StringComparison.OrdinalIgnoreCase)
            && string.Equals(r.PathAndQuery, q.PathAndQuery, StringComparison.Ordinal)
            && q.UserInfo.Length == 0 && q.Fragment.Length == 0;
    }

    public static bool IsLoopbackHost(Uri uri) =>
        uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    public static string? CheckClientName(string? value) => value switch
    {
        null => null,
        { Length: > MaxClientNameLength } => $"client_name must be at most {MaxClientNameLength} characters.",
        _ when value.Any(char.IsControl) => "client_name must not contain control characters.",
        _ when string.IsNullOrWhiteSpace(value) => "client_name must not be blank.",
        _ => null,
    };

    public static string? CheckAppId(string? value) => value switch
    {
        null or "" => "Enter your Ontraport App ID (app_id).",
        { Length: > MaxAppIdLength } => $"The App ID (app_id) is at most {MaxAppIdLength} characters; paste it from Ontraport: Administration → Integrations → Ontraport API Instructions and Key Manager.",
        _ when !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') => "The App ID (app_id) has letters, digits, '-', '_' or '.' only; paste it again from Ontraport's API Key Manager.",
        _ => null,
    };

    public static string? CheckApiKey(string? value) => value switch
    {
        null or "" => "Enter your Ontraport API key (api_key).",
        { Length: > MaxApiKeyLength } => $"The API key (api_key) is at most {MaxApiKeyLength} characters; paste it from Ontraport's API Key Manager.",
        _ when !value.All(c => c is > ' ' and <= '~') => "The API key (api_key) must be printable ASCII without spaces; paste it again from Ontraport's API Key Manager.",
        _ => null,
    };

    /// <summary>A URL that can be a client ID metadata document: https, a path, no fragment, no user info, no dot segments.</summary>
    public static bool IsMetadataDocumentUrl(string? clientId, out Uri? url)
    {
        url = null;
        if (clientId is null || !clientId.StartsWith("https://", StringComparison.Ordinal) || clientId.Length > MaxRedirectUriLength
            || !Uri.TryCreate(clientId, UriKind.Absolute, out var parsed))
        {
            return false;
        }

        if (parsed.AbsolutePath is "/" or "" || parsed.Fragment.Length > 0 || parsed.UserInfo.Length > 0
            || clientId.Contains("/./", StringComparison.Ordinal) || clientId.Contains("/../", StringComparison.Ordinal) || clientId.Contains('#', StringComparison.Ordinal))
        {
            return false;
        }

        url = parsed;
        return true;
    }

    public static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
