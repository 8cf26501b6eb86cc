namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>
/// The real server (Program) in <c>oauth</c> mode on a real Kestrel socket on loopback, for clients outside this
/// process (a browser, node, the conformance suite). Its public URL (the issuer) is the address it listens on, so
/// discovery, <c>iss</c> and the token audience all name the address those clients use. Each instance has its own
/// SQLite file, key ring and sandbox.
/// </summary>
public sealed class OAuthLoopbackServer : IAsyncDisposable
{
    public const string AdminToken = "admin-token-for-loopback-tests-0123456789";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "oauth-loopback-" + Guid.NewGuid().ToString("N"));

    public OAuthLoopbackServer(params (string Key, string? Value)[] settings)
        : this(null, settings)
    {
    }

    /// <summary>A server on <paramref name="time"/> (a <see cref="Ontraport.Testing.FakeClock"/>), when not null.</summary>
    public OAuthLoopbackServer(TimeProvider? time, params (string Key, string? Value)[] settings)
    {
        var port = ServerHost.FreeLoopbackPort();
        PublicUrl = new Uri($"http://localhost:{port}/");
        (string Key, string? Value)[] all = [
            ("ONTRAPORT_MCP_MODE", "oauth"),
            ("ONTRAPORT_MCP_PUBLIC_URL", PublicUrl.AbsoluteUri),
            ("ONTRAPORT_MCP_DATABASE", Path.Combine(_directory, "oauth.db")),
            ("ONTRAPORT_MCP_DATA_PROTECTION_KEYS", Path.Combine(_directory, "keys")),
            ("ONTRAPORT_MCP_OAUTH_ADMIN_TOKEN", AdminToken),
            ("ONTRAPORT_BASE_URL", "embedded"),
            .. settings];
        Host = time is null ? new ServerHost(all) : new ServerHost(time, all);
        Host.StartOnLoopback(port);
    }

    public ServerHost Host { get; }

    /// <summary>The issuer, with its trailing slash: <c>http://localhost:PORT/</c>.</summary>
    public Uri PublicUrl { get; }

    /// <summary>The protected resource: <c>http://localhost:PORT/mcp</c>.</summary>
    public Uri McpUrl => new(PublicUrl, "mcp");

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
