using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using Ontraport.Mcp.Server.Text;

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
    /// Schemes that are never a client's redirect target, though they parse as hierarchical URIs: the browser's own pages
    /// and extensions, files, sockets, Android intents. (Non-hierarchical ones such as tel:, sms:, about:blank,
    /// view-source:https://… and jar:… are refused by their shape already.)
    /// </summary>
    private static readonly HashSet<string> NeverRedirectSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "about", "blob", "brave", "chrome", "chrome-extension", "data", "edge", "file", "filesystem", "ftp", "intent", "jar",
        "javascript", "mailto", "moz-extension", "opera", "resource", "safari-extension", "sms", "tel", "urn", "vbscript",
        "view-source", "ws", "wss",
    };

    /// <summary>
    /// A redirect URI a client may register: absolute, no fragment, no user info; https, or http on a loopback address
    /// (RFC 8252 §7.3), or a private-use scheme of a native app (RFC 8252 §7.1): hierarchical, as in
    /// com.example.app:/callback or cursor://host/callback. Schemes that open something else than a client (tel:, sms:,
    /// about:, view-source:, jar:, a browser's own pages) are refused.
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

        // Hierarchical (RFC 3986 §3: "scheme:/…" or "scheme://…"): what a native app registers. tel:+1…, about:blank,
        // view-source:https://… and jar:…!/ are not, and none of them is a client waiting for a code.
        var hierarchical = value.Length > uri.Scheme.Length + 1 && value[uri.Scheme.Length + 1] == '/';
        return uri.Scheme switch
        {
            "https" => null,
            "http" when IsLoopbackHost(uri) => null,
            "http" => $"redirect_uris: '{Shorten(value)}' must use https (http is only for loopback addresses such as http://127.0.0.1:PORT/callback).",
            _ when NeverRedirectSchemes.Contains(uri.Scheme) => $"redirect_uris: the scheme '{uri.Scheme}' is not allowed: use https://…, http://127.0.0.1:PORT/…, or your app's own scheme (RFC 8252 §7.1).",
            _ when !hierarchical => $"redirect_uris: '{Shorten(value)}' is not a web or app address: use https://…, http://127.0.0.1:PORT/…, or your app's own scheme as in com.example.app:/callback (RFC 8252 §7.1).",
            _ when uri.Scheme.Length >= 3 => null,
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

    /// <summary>
    /// A name the consent page shows as "Connect X": at most <see cref="MaxClientNameLength"/> characters, none of them a
    /// control or format character (Unicode Cc, Cf: U+202E reverses the text after it, U+200E/F and U+2066–2069 reorder
    /// it, U+200B and U+2060 hide a break) or a line or paragraph separator, so what the person reads is what was sent.
    /// </summary>
    public static string? CheckClientName(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxClientNameLength)
        {
            return $"client_name must be at most {MaxClientNameLength} characters.";
        }

        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done)
            {
                return "client_name is not valid Unicode text (a lone surrogate).";
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control)
            {
                return "client_name must not contain control characters.";
            }

            if (category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return $"client_name must not contain invisible format characters (U+{rune.Value:X4} found), which can reorder or hide what the consent page shows.";
            }

            rest = rest[used..];
        }

        return string.IsNullOrWhiteSpace(value) ? "client_name must not be blank." : null;
    }

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

        // A scope ID ("[::1%251]") names an interface, not a host on the internet: never fetched (MetadataFetchHandler too).
        if (parsed.AbsolutePath is "/" or "" || parsed.Fragment.Length > 0 || parsed.UserInfo.Length > 0 || parsed.DnsSafeHost.Contains('%', StringComparison.Ordinal)
            || clientId.Contains("/./", StringComparison.Ordinal) || clientId.Contains("/../", StringComparison.Ordinal) || clientId.Contains('#', StringComparison.Ordinal))
        {
            return false;
        }

        url = parsed;
        return true;
    }

    public static string Shorten(string value) => TextLimit.Shorten(value, 80);
}
