using System.Net;
using System.Text;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>
/// PostgreSQL going away under a running oauth-mode server: callers get a clear 503 that says what is wrong and to retry
/// (never a 500, a stack trace or the connection string), nothing is half-stored, and the server serves again as soon as
/// the database does, without a restart.
/// </summary>
public sealed class OAuthPostgresOutageTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Redirect = "https://claude.example/api/mcp/auth_callback";

    [PostgresFact]
    public async Task While_PostgreSQL_refuses_connections_signed_in_calls_and_registrations_get_a_clear_503_and_work_again_after()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var database = connectionString.Split(';').Single(p => p.StartsWith("Database=", StringComparison.Ordinal))["Database=".Length..];
        await using var host = await OAuthHost.StartAsync(databasePath: connectionString);
        var clientId = await host.RegisterAsync(Redirect, "Claude");
        var access = (await host.SignInAsync(clientId, Redirect, "app-outage", "key-outage")).GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(access)).Status);

        await postgres.SqlAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}';");
        try
        {
            // A token already validated, of a grant in memory, needs no store (issue 22): its calls go on through the outage.
            Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(access)).Status);
            var (register, registerBody) = await PostAsync(host, "oauth/register", """{"client_name":"Another","redirect_uris":["https://another.example/cb"]}""", null);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, register);
            Assert.Contains("try again", registerBody, StringComparison.OrdinalIgnoreCase);
            foreach (var body in new[] { registerBody })
            {
                Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);
                Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
                Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
            }
        }
        finally
        {
            await postgres.SqlAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true;");
        }

        Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(access)).Status);
        Assert.Equal(1, await host.ApplicationCountAsync()); // the registration refused during the outage left nothing
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(OAuthHost host, string path, string json, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await host.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
