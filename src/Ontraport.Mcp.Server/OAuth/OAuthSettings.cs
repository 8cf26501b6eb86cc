using System.Net;
using System.Security.Cryptography.X509Certificates;
using Ontraport.Mcp.Server.Settings;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>Where grants are stored.</summary>
public enum OAuthStoreKind
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The settings of <c>oauth</c> mode, read once from configuration. <see cref="Load"/> lists every problem at once so the
/// operator fixes them in one go.
/// </summary>
public sealed record OAuthSettings
{
    public const string DefaultDatabase = "./data/ontraport-mcp.db";

    /// <summary>The one scope of this server: everything the consent page allows.</summary>
    public const string Scope = "ontraport";

    /// <summary><c>ONTRAPORT_MCP_PUBLIC_URL</c>: the issuer, an origin such as https://mcp.example.com (no path).</summary>
    public required Uri PublicUrl { get; init; }

    /// <summary>The protected resource (RFC 8707 audience of every access token): <c>&lt;public&gt;/mcp</c>.</summary>
    public Uri Resource => new(PublicUrl, "mcp");

    /// <summary>
    /// The issuer exactly as OpenIddict writes it (an origin with its trailing slash, "https://mcp.example.com/"). RFC
    /// 8414 §3.3 wants the metadata's issuer identical to what the resource metadata names, so both use this string.
    /// </summary>
    public string Issuer => PublicUrl.AbsoluteUri;

    public OAuthStoreKind Store { get; init; }

    /// <summary>The SQLite connection string or the PostgreSQL one.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The SQLite file (null for PostgreSQL).</summary>
    public string? DatabasePath { get; init; }

    /// <summary><c>ONTRAPORT_MCP_DATA_PROTECTION_KEYS</c>: the key ring that encrypts API keys and tokens.</summary>
    public required string KeyRingDirectory { get; init; }

    /// <summary>
    /// <c>ONTRAPORT_MCP_KEY_RING_CERTIFICATE</c> (a PFX file) and <c>…_PASSWORD</c>: encrypts the key ring at rest
    /// (<c>ProtectKeysWithCertificate</c>), wherever it is kept (the folder or Redis). Every instance needs the same one.
    /// </summary>
    public X509Certificate2? KeyRingCertificate { get; init; }

    /// <summary><c>ONTRAPORT_MCP_OAUTH_ADMIN_TOKEN</c>: enables the operator endpoints under /oauth/admin when set.</summary>
    public string? AdminToken { get; init; }

    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long a grant's decrypted key and state stay in memory (a revoke on this instance clears it at once).</summary>
    public TimeSpan GrantCacheLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>ONTRAPORT_MCP_OAUTH_REGISTRATIONS_PER_HOUR</c>: dynamic client registrations one client IP may make per hour
    /// (default 20; strangers may register, so this bounds what one of them can store).
    /// </summary>
    public int RegistrationsPerHour { get; init; } = DefaultRegistrationsPerHour;

    public const int DefaultRegistrationsPerHour = 20;

    /// <summary>
    /// <c>ONTRAPORT_MCP_OAUTH_KEY_CHECKS_PER_MINUTE</c>: App ID and key checks the consent page makes (one Ontraport request
    /// each) per client address, and per App ID, a minute (default 10; see <see cref="KeyCheckLimit"/>).
    /// </summary>
    public int KeyChecksPerMinute { get; init; } = DefaultKeyChecksPerMinute;

    public const int DefaultKeyChecksPerMinute = 10;

    /// <summary>HTTPS deployments get <c>__Host-</c> cookies and refuse plain-HTTP OAuth requests.</summary>
    public bool RequiresHttps => PublicUrl.Scheme == Uri.UriSchemeHttps;

    public static OAuthSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        string? Get(string key) => configuration[key] is { Length: > 0 } value ? value.Trim() : null;

        Uri publicUrl = new("http://localhost/");
        if (Get("ONTRAPORT_MCP_PUBLIC_URL") is not { } publicText)
        {
            problems.Add("oauth mode needs ONTRAPORT_MCP_PUBLIC_URL, the address users reach, such as https://mcp.example.com.");
        }
        else if (!Uri.TryCreate(publicText, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")
            || parsed.AbsolutePath.TrimEnd('/').Length > 0 || parsed.Query.Length > 0 || parsed.Fragment.Length > 0 || parsed.UserInfo.Length > 0)
        {
            problems.Add($"ONTRAPORT_MCP_PUBLIC_URL '{publicText}' must be an origin with no path, such as https://mcp.example.com.");
        }
        else if (parsed.Scheme == Uri.UriSchemeHttp && !IsLoopback(parsed.Host))
        {
            problems.Add($"ONTRAPORT_MCP_PUBLIC_URL '{publicText}' must use https (plain http is only for localhost).");
        }
        else
        {
            publicUrl = new Uri(parsed.GetLeftPart(UriPartial.Authority) + "/");
        }

        var database = Get("ONTRAPORT_MCP_DATABASE") ?? DefaultDatabase;
        OAuthStoreKind store;
        string connectionString;
        string? databasePath = null;
        if (LooksLikePostgres(database))
        {
            store = OAuthStoreKind.PostgreSql;
            connectionString = database;
        }
        else if (database.IndexOfAny(['=', ';']) >= 0 || database.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            problems.Add("ONTRAPORT_MCP_DATABASE must be a SQLite file path (such as ./data/ontraport-mcp.db) or a PostgreSQL connection string starting with Host=.");
            store = OAuthStoreKind.Sqlite;
            connectionString = "Data Source=:memory:";
        }
        else
        {
            store = OAuthStoreKind.Sqlite;
            databasePath = Path.GetFullPath(database);
            connectionString = "Data Source=" + databasePath + ";Pooling=True";
        }

        var keyRing = Get("ONTRAPORT_MCP_DATA_PROTECTION_KEYS")
            ?? Path.Combine(databasePath is null ? Path.GetFullPath("./data") : Path.GetDirectoryName(databasePath)!, "keys");

        var certificate = LoadKeyRingCertificate(Get("ONTRAPORT_MCP_KEY_RING_CERTIFICATE"), configuration["ONTRAPORT_MCP_KEY_RING_CERTIFICATE_PASSWORD"], problems);

        var adminToken = Get("ONTRAPORT_MCP_OAUTH_ADMIN_TOKEN");
        if (adminToken is { Length: < 32 })
        {
            problems.Add("ONTRAPORT_MCP_OAUTH_ADMIN_TOKEN must be at least 32 characters (for example: openssl rand -hex 32).");
        }

        var accessMinutes = SettingValues.Integer(Get("ONTRAPORT_MCP_OAUTH_ACCESS_TOKEN_MINUTES"), 60, 5, 24 * 60, "ONTRAPORT_MCP_OAUTH_ACCESS_TOKEN_MINUTES", problems);
        var refreshDays = SettingValues.Integer(Get("ONTRAPORT_MCP_OAUTH_REFRESH_TOKEN_DAYS"), 30, 1, 365, "ONTRAPORT_MCP_OAUTH_REFRESH_TOKEN_DAYS", problems);

        var registrations = SettingValues.Integer(Get("ONTRAPORT_MCP_OAUTH_REGISTRATIONS_PER_HOUR"), DefaultRegistrationsPerHour, 1, 100_000, "ONTRAPORT_MCP_OAUTH_REGISTRATIONS_PER_HOUR", problems);

        var keyChecks = SettingValues.Integer(Get("ONTRAPORT_MCP_OAUTH_KEY_CHECKS_PER_MINUTE"), DefaultKeyChecksPerMinute, 1, 10_000, "ONTRAPORT_MCP_OAUTH_KEY_CHECKS_PER_MINUTE", problems);

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The server cannot start in oauth mode:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => " - " + p)));
        }

        return new OAuthSettings
        {
            PublicUrl = publicUrl,
            Store = store,
            ConnectionString = connectionString,
            DatabasePath = databasePath,
            KeyRingDirectory = keyRing,
            KeyRingCertificate = certificate,
            AdminToken = adminToken,
            AccessTokenLifetime = TimeSpan.FromMinutes(accessMinutes),
            RefreshTokenLifetime = TimeSpan.FromDays(refreshDays),
            RegistrationsPerHour = registrations,
            KeyChecksPerMinute = keyChecks,
        };
    }

    /// <summary>The key ring's certificate with its private key (it decrypts too), or a problem that names the setting.</summary>
    private static X509Certificate2? LoadKeyRingCertificate(string? path, string? password, List<string> problems)
    {
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            problems.Add($"ONTRAPORT_MCP_KEY_RING_CERTIFICATE '{path}' does not exist; give the path of a PFX (PKCS #12) file with its private key.");
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password,
                X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Not the exception's text: it would not help, and the password must never be near a message.
            problems.Add($"ONTRAPORT_MCP_KEY_RING_CERTIFICATE '{path}' cannot be read as a PFX file with ONTRAPORT_MCP_KEY_RING_CERTIFICATE_PASSWORD (wrong password, or not PKCS #12).");
            return null;
        }

        using var privateKey = certificate.HasPrivateKey ? certificate.GetRSAPrivateKey() : null;
        if (privateKey is null)
        {
            problems.Add($"ONTRAPORT_MCP_KEY_RING_CERTIFICATE '{path}' has no RSA private key; the key ring needs one to be read back.");
            certificate.Dispose();
            return null;
        }

        return certificate;
    }

    /// <summary>A connection string in Npgsql's key=value form (<c>Host=…;Database=…</c>).</summary>
    public static bool LooksLikePostgres(string value) =>
        value.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || value.StartsWith("Server=", StringComparison.OrdinalIgnoreCase)
        || value.Contains(";Host=", StringComparison.OrdinalIgnoreCase);

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
