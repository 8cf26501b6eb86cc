using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Ontraport.Mcp.Server.Tests.OAuth;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, low: the Data Protection key ring (it decrypts every stored Ontraport key and every token) is encrypted at
/// rest with a certificate when <c>ONTRAPORT_MCP_KEY_RING_CERTIFICATE</c> names one, and another instance with the same
/// certificate reads it; docker-compose.yml runs Redis, which holds the ring there, with a password.
/// </summary>
public sealed partial class OAuthKeyRingTests : IDisposable
{
    private const string Redirect = "https://claude.example/api/mcp/auth_callback";
    private const string Password = "pfx-password-for-tests";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "oauth-keyring-" + Guid.NewGuid().ToString("N"));

    public OAuthKeyRingTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task With_a_certificate_the_stored_key_ring_is_encrypted_and_a_second_instance_with_it_reads_it()
    {
        var pfx = SelfSignedCertificate("CN=ontraport-mcp key ring");
        var keys = Path.Combine(_directory, "keys");
        var database = Path.Combine(_directory, "oauth.db");
        var withCertificate = new Dictionary<string, string?>
        {
            ["ONTRAPORT_MCP_KEY_RING_CERTIFICATE"] = pfx,
            ["ONTRAPORT_MCP_KEY_RING_CERTIFICATE_PASSWORD"] = Password,
        };

        string access;
        await using (var first = await OAuthHost.StartAsync(keyRingDirectory: keys, databasePath: database, settings: withCertificate))
        {
            var clientId = await first.RegisterAsync(Redirect);
            access = (await first.SignInAsync(clientId, Redirect, "app-ring", "key-ring-123456")).GetProperty("access_token").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await first.CallAsync(access)).Status);
        }

        var files = Directory.GetFiles(keys, "*.xml");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var xml = await File.ReadAllTextAsync(file);
            Assert.Contains("EncryptedXmlDecryptor", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal); // the secret is inside the EncryptedData only
            Assert.Matches(CipherValue(), xml);
        }

        await using (var second = await OAuthHost.StartAsync(keyRingDirectory: keys, databasePath: database, settings: withCertificate))
        {
            Assert.Equal(HttpStatusCode.OK, (await second.CallAsync(access)).Status);
        }

        // Without the certificate the same folder is of no use: the token cannot be read.
        await using var without = await OAuthHost.StartAsync(keyRingDirectory: keys, databasePath: database);
        Assert.Equal(HttpStatusCode.Unauthorized, (await without.CallAsync(access)).Status);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("wrong-password")]
    [InlineData("no-private-key")]
    public async Task A_certificate_that_cannot_protect_the_ring_stops_the_start_naming_the_setting(string flaw)
    {
        var path = flaw switch
        {
            "missing" => Path.Combine(_directory, "nowhere.pfx"),
            "no-private-key" => PublicOnly(),
            _ => SelfSignedCertificate("CN=wrong password"),
        };
        var settings = new Dictionary<string, string?>
        {
            ["ONTRAPORT_MCP_KEY_RING_CERTIFICATE"] = path,
            ["ONTRAPORT_MCP_KEY_RING_CERTIFICATE_PASSWORD"] = flaw == "wrong-password" ? "not-the-password" : Password,
        };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => OAuthHost.StartAsync(keyRingDirectory: Path.Combine(_directory, "k"), databasePath: Path.Combine(_directory, "x.db"), settings: settings));
        Assert.Contains("ONTRAPORT_MCP_KEY_RING_CERTIFICATE", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_compose_file_runs_Redis_with_a_password_and_gives_it_to_every_instance()
    {
        var compose = File.ReadAllText(RepositoryFile("docker-compose.yml"));
        Assert.Matches(@"redis-server[^\n]*--requirepass", compose);
        var redisSettings = Regex.Matches(compose, @"ONTRAPORT_MCP_REDIS:\s*(\S+)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(redisSettings);
        Assert.All(redisSettings, value => Assert.Contains(",password=${REDIS_PASSWORD", value, StringComparison.Ordinal));
        Assert.Contains("REDISCLI_AUTH", compose, StringComparison.Ordinal); // the health check authenticates too
    }

    private string SelfSignedCertificate(string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddYears(1));
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    private string PublicOnly()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=public only", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddYears(1));
        using var withoutKey = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
        var path = Path.Combine(_directory, "public-only.pfx");
        File.WriteAllBytes(path, withoutKey.Export(X509ContentType.Pfx, Password));
        return path;
    }

    private static string RepositoryFile(string name, [System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "..", name));

    [GeneratedRegex("<CipherValue>[A-Za-z0-9+/=]{40,}</CipherValue>")]
    private static partial Regex CipherValue();
}
